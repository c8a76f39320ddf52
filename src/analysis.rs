//! Analysis of allocations: indices of disproportionality.
