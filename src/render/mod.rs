//! Rendering: tables for the terminal, markdown, CSV and JSON.
