//! Preprocessing: standardisation fitted on training data.
