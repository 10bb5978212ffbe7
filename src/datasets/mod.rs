//! Data sets: bundled, generated, and read from CSV files.
