//! Plots as SVG pictures: activation curves, loss and metric curves, decision boundaries,
//! ROC and precision-recall curves, confusion matrices and images.
//!
//! Needs the `plot` feature. The plots are drawn with
//! [plotters](https://docs.rs/plotters)' SVG backend alone: the text is SVG
//! `<text>`, set by whatever shows the picture, so nothing here needs system
//! fonts or font libraries.
//!
//! | function | what it draws |
//! |---|---|
//! | [`activations`] | `f(h)` of one or more activation functions over a range of net inputs |
//! | [`loss_curve`] | a [`History`](crate::History)'s loss per epoch, and the validation loss if there is one |
//! | [`metric_curve`] | a [`Metric`](crate::Metric) per epoch, such as the accuracy, on the training set and the validation data |
//! | [`decision_boundary`] | a model's decision boundary over two features, with the data points coloured by class; for a model of `k` outputs, the regions of its `k` classes in `k` colours |
//! | [`roc_curve`] | a [`RocCurve`](crate::metrics::RocCurve): true against false positive rate, with the chance diagonal and the AUC in the title |
//! | [`precision_recall_curve`] | a [`PrecisionRecallCurve`](crate::metrics::PrecisionRecallCurve): precision against recall as steps, with the chance level and the average precision in the title |
//! | [`confusion_matrix`] | a `k × k` confusion matrix as a heat map, true classes down, predicted across, each count in its cell, with a colour scale |
//! | [`digits`] | square greyscale images (such as the 8 × 8 [`digits`](crate::datasets::digits), or misread Fashion-MNIST images) in a grid, each with a caption like "true 3, predicted 8" |
//! | [`filters`] | a [`Conv2d`](crate::Conv2d)'s filters as small images |
//! | [`feature_maps`] | one sample's maps after a convolution or a pooling, one image per channel |
//!
//! Each returns an [`Svg`]: show it in a notebook (it is the value that ends
//! the cell), [`save`](Svg::save) it to a file, or take its text with
//! [`as_str`](Svg::as_str).
//!
//! ```
//! use neuron::Activation;
//! use neuron::plot;
//!
//! let svg = plot::activations(&[Activation::Sigmoid, Activation::Tanh], -5.0..=5.0)?;
//! assert!(svg.as_str().starts_with("<svg"));
//! assert!(svg.as_str().contains("\nsigmoid\n</text>") && svg.as_str().contains("\ntanh\n</text>"));
//! # Ok::<(), neuron::Error>(())
//! ```

mod activations;
mod boundary;
mod canvas;
mod curves;
mod decision;
mod filters;
mod grid;
mod heatmap;
mod images;
mod loss;
mod regions;
mod svg;

pub use self::activations::activations;
pub use self::boundary::decision_boundary;
pub use self::curves::{precision_recall_curve, roc_curve};
pub use self::filters::{feature_maps, filters};
pub use self::heatmap::confusion_matrix;
pub use self::images::digits;
pub use self::loss::{loss_curve, metric_curve};
pub use self::svg::Svg;
