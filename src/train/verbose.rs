//! `verbose(true)`: one line per epoch on standard output, as Keras's
//! `verbose=2` prints it.

use crate::{EpochReport, Float};

/// The time each epoch took, for the line it prints; nothing is timed when
/// `verbose` is off, nor where there is no clock (WebAssembly without an OS,
/// whose `Instant::now` panics).
pub(super) struct EpochClock {
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    last: Option<std::time::Instant>,
}

impl EpochClock {
    /// A clock started now, if `verbose`.
    pub(super) fn start(verbose: bool) -> Self {
        #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
        return EpochClock {
            last: verbose.then(std::time::Instant::now),
        };
        #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
        {
            let _ = verbose;
            EpochClock {}
        }
    }

    /// Prints the epoch's line, `epoch  3/10: loss 0.2841, accuracy 0.9100,
    /// validation 0.3012, validation accuracy 0.8900 (0.41 s)`,
    /// and restarts the clock.
    pub(super) fn print<F: Float>(&mut self, report: &EpochReport<F>) {
        println!("{}", self.line(report));
    }

    /// The epoch's line.
    pub(super) fn line<F: Float>(&mut self, report: &EpochReport<F>) -> String {
        let width = report.epochs.to_string().len();
        let mut line = format!(
            "epoch {:>width$}/{}: loss {:.4}",
            report.epoch,
            report.epochs,
            report.loss.as_f64()
        );
        for (metric, value) in report.metrics.iter() {
            line.push_str(&format!(", {metric} {:.4}", value.as_f64()));
        }
        if let Some(validation) = report.validation_loss {
            line.push_str(&format!(", validation {:.4}", validation.as_f64()));
        }
        for (metric, value) in report.validation_metrics.iter() {
            line.push_str(&format!(", validation {metric} {:.4}", value.as_f64()));
        }
        #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
        if let Some(last) = self.last.replace(std::time::Instant::now()) {
            line.push_str(&format!(" ({:.2} s)", last.elapsed().as_secs_f64()));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Metric, MetricValues};

    #[test]
    fn the_line_names_the_epoch_the_losses_and_the_time() {
        let mut clock = EpochClock::start(true);
        let mut metrics = MetricValues::default();
        metrics.set(Metric::Accuracy, 0.91);
        let mut validation_metrics = MetricValues::default();
        validation_metrics.set(Metric::Accuracy, 0.89);
        let report = EpochReport {
            epoch: 3,
            epochs: 10,
            loss: 0.28414_f64,
            validation_loss: Some(0.30116),
            learning_rate: 0.1,
            metrics,
            validation_metrics,
        };
        let line = clock.line(&report);
        assert!(
            line.starts_with("epoch  3/10: loss 0.2841, accuracy 0.9100, validation 0.3012, validation accuracy 0.8900 ("),
            "{line}"
        );
        assert!(line.ends_with(" s)"), "{line}");
        let mut quiet = EpochClock::start(false);
        let report = EpochReport {
            epoch: 1,
            epochs: 1,
            loss: 1.0_f32,
            validation_loss: None,
            learning_rate: 0.1,
            metrics: MetricValues::default(),
            validation_metrics: MetricValues::default(),
        };
        assert_eq!(quiet.line(&report), "epoch 1/1: loss 1.0000");
    }
}
