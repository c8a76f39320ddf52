/* seatshare report: shows the allocations computed in Rust (no network,
   no computation here); works from a file. */
(function () {
  "use strict";
  var holder = document.getElementById("seatshare-data");
  var slider = document.getElementById("house-slider");
  var output = document.getElementById("house-size");
  var table = document.getElementById("slider-table");
  var notes = document.getElementById("slider-notes");
  if (!holder || !slider || !output || !table || !notes) { return; }
  var data;
  try { data = JSON.parse(holder.textContent); } catch (e) { return; }
  var methods = (data.slider && data.slider.methods) || [];
  var cells = {};
  var tds = table.querySelectorAll("td[data-method]");
  for (var i = 0; i < tds.length; i++) {
    var td = tds[i];
    var row = td.parentNode;
    var region = row && row.getAttribute("data-region");
    if (region === null) { continue; }
    var key = td.getAttribute("data-method");
    (cells[key] = cells[key] || []).push({ td: td, region: region });
  }
  var heads = table.querySelectorAll("thead th");
  var houseLabels = document.querySelectorAll(".slider-house, .print-house");
  function joinNames(list) {
    if (list.length < 2) { return list.join(""); }
    return list.slice(0, -1).join(", ") + " and " + list[list.length - 1];
  }
  function note(id, size) {
    if (!size.allocation) { return { text: id + ": no allocation at " + size.seats + " seats.", event: true }; }
    var parts = [];
    if (size.tied) { parts.push("the last seat at " + size.seats + " is tied (one of the tied allocations is shown)"); }
    if (size.alabama.length) {
      parts.push("Alabama paradox: " + joinNames(size.alabama) + " loses a seat going from " + (size.seats - 1) + " to " + size.seats + " seats (marked \u2193)");
    }
    if (!parts.length) { return { text: id + ": no tie, no paradox at " + size.seats + " seats.", event: false }; }
    return { text: id + ": " + parts.join("; ") + ".", event: true };
  }
  function show(n) {
    n = Math.max(1, Math.min(n, Number(slider.max) || 1));
    output.value = String(n);
    output.textContent = String(n);
    table.setAttribute("data-house", String(n));
    for (var h = 0; h < houseLabels.length; h++) { houseLabels[h].textContent = String(n); }
    while (notes.firstChild) { notes.removeChild(notes.firstChild); }
    for (var m = 0; m < methods.length; m++) {
      var method = methods[m];
      var size = method.sizes[n - 1];
      if (!size) { continue; }
      var list = cells[method.method] || [];
      for (var c = 0; c < list.length; c++) {
        var cell = list[c];
        var seats = size.allocation ? size.allocation[cell.region] : undefined;
        var lost = size.alabama.indexOf(cell.region) >= 0;
        if (seats === undefined || seats === null) {
          cell.td.setAttribute("data-seats", "");
          cell.td.textContent = "\u2014";
          cell.td.className = "none";
        } else {
          cell.td.setAttribute("data-seats", String(seats));
          cell.td.textContent = lost ? seats + "\u2193" : String(seats);
          cell.td.className = lost ? "alabama" : "";
        }
      }
      var head = heads[m + 1];
      if (head) { head.className = size.tied ? "tied" : ""; }
      var said = note(method.method, size);
      var p = document.createElement("p");
      p.textContent = said.text;
      if (said.event) { p.className = "event"; }
      notes.appendChild(p);
    }
  }
  slider.addEventListener("input", function () { show(parseInt(slider.value, 10) || 1); });
  slider.addEventListener("change", function () { show(parseInt(slider.value, 10) || 1); });
  show(parseInt(slider.value, 10) || 1);
}());
