//! `progress(true)` (feature `progress`): a progress bar while training,
//! updated after every batch and drawn at most ten times a second: an
//! indicatif bar in a terminal; elsewhere (a notebook, a pipe, a log) a line
//! on standard output rewritten with carriage returns and ended, so that it
//! shows, at the end of an epoch once a second at most. evcxr, the Rust
//! Jupyter kernel, passes a cell's output on a line at a time (it cannot
//! update an output in place: evcxr issue #146), so a notebook shows those
//! ended lines, each the state at the end of an epoch.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::{EpochReport, Float};

/// The fewest seconds between two drawings, of the line and of the terminal
/// bar alike (indicatif's own limit lets bursts through): ten a second at most.
const INTERVAL: Duration = Duration::from_millis(100);
/// The fewest seconds between two ended lines.
const LINE_INTERVAL: Duration = Duration::from_secs(1);

/// Where the bar is drawn.
enum Target {
    /// An indicatif bar on standard error, which a terminal shows; the text
    /// it shows beside the bar (read when it draws, so that an update is one
    /// drawing: its new position); the time it was last updated.
    Terminal(ProgressBar, Arc<Mutex<String>>, Option<Instant>),
    /// A line rewritten (`\r`) on a writer, standard output in a notebook,
    /// and ended now and then; the times it was last written and last ended.
    Line(Box<dyn Write>, Option<Instant>, Option<Instant>),
}

/// A training run's progress bar: where it stands, and where it is drawn.
pub(super) struct Bar {
    target: Target,
    started: Instant,
    /// The epochs of this call, first and last (counted from the trainer's first).
    first: usize,
    last: usize,
    /// The epoch being trained, and its batches: how many, how many done.
    epoch: usize,
    batches: usize,
    batch: usize,
    /// The sum and count of this epoch's batch losses, for their running mean.
    loss_sum: f64,
    /// The last epoch's report, as text: loss, metrics, validation.
    report: String,
}

impl Bar {
    /// A bar for epochs `first..=last` of `batches` batches each: on standard
    /// error if it is a terminal, else a line on standard output.
    pub(super) fn new(first: usize, last: usize, batches: usize) -> Self {
        let target = if std::io::stderr().is_terminal() {
            Bar::terminal(ProgressDrawTarget::stderr_with_hz(10), first, last, batches)
        } else {
            Target::Line(Box::new(std::io::stdout()), None, None)
        };
        Bar::with_target(target, first, last, batches)
    }

    /// An indicatif bar on `draw_target`, styled.
    fn terminal(
        draw_target: ProgressDrawTarget,
        first: usize,
        last: usize,
        batches: usize,
    ) -> Target {
        let steps = (last + 1).saturating_sub(first).saturating_mul(batches) as u64;
        let bar = ProgressBar::with_draw_target(Some(steps), draw_target);
        let text = Arc::new(Mutex::new(String::new()));
        let shown = Arc::clone(&text);
        let place = move |_: &ProgressState, out: &mut dyn std::fmt::Write| {
            if let Ok(text) = shown.lock() {
                let _ = out.write_str(&text);
            }
        };
        let style = ProgressStyle::with_template("[{bar:25}] {place} ({elapsed} gone, {eta} left)")
            .map(|style| style.progress_chars("=> ").with_key("place", place))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Target::Terminal(bar, text, None)
    }

    /// A bar drawn as a line on `writer`.
    #[cfg(test)]
    fn to_writer(writer: Box<dyn Write>, first: usize, last: usize, batches: usize) -> Self {
        Bar::with_target(Target::Line(writer, None, None), first, last, batches)
    }

    fn with_target(target: Target, first: usize, last: usize, batches: usize) -> Self {
        Bar {
            target,
            started: Instant::now(),
            first,
            last,
            epoch: first,
            batches: batches.max(1),
            batch: 0,
            loss_sum: 0.0,
            report: String::new(),
        }
    }

    /// A batch done, whose loss was `loss`.
    pub(super) fn batch(&mut self, loss: f64) {
        if self.batch == self.batches {
            // A new epoch begins.
            self.epoch += 1;
            self.batch = 0;
            self.loss_sum = 0.0;
        }
        self.batch += 1;
        self.loss_sum += loss;
        self.draw(false);
    }

    /// An epoch done: its report is shown until the next one.
    pub(super) fn epoch_done<F: Float>(&mut self, report: &EpochReport<F>) {
        let mut text = format!("loss {:.4}", report.loss.as_f64());
        for (metric, value) in report.metrics.iter() {
            text.push_str(&format!(", {metric} {:.4}", value.as_f64()));
        }
        if let Some(validation) = report.validation_loss {
            text.push_str(&format!(", validation {:.4}", validation.as_f64()));
        }
        for (metric, value) in report.validation_metrics.iter() {
            text.push_str(&format!(", validation {metric} {:.4}", value.as_f64()));
        }
        self.report = text;
        self.epoch = report.epoch;
        self.batch = self.batches;
        // A line ended once a second at most (showing what was last drawn,
        // at most a tenth of a second old).
        let end = match &self.target {
            Target::Line(_, _, ended) => ended.is_none_or(|t| t.elapsed() >= LINE_INTERVAL),
            Target::Terminal(..) => false,
        };
        self.draw(false);
        if end && let Target::Line(writer, _, ended) = &mut self.target {
            *ended = Some(Instant::now());
            let _ = writeln!(writer);
            let _ = writer.flush();
        }
    }

    /// The end of the run: the last state drawn, and the line ended.
    pub(super) fn finish(&mut self) {
        self.draw(true);
        match &mut self.target {
            Target::Terminal(bar, _, _) => bar.finish(),
            Target::Line(writer, _, _) => {
                let _ = writeln!(writer);
                let _ = writer.flush();
            }
        }
    }

    /// The text after the bar: the running loss of this epoch, then the
    /// last epoch's report.
    fn message(&self) -> String {
        let running = self.loss_sum / self.batch.max(1) as f64;
        if self.report.is_empty() {
            format!("batch loss {running:.4}")
        } else {
            format!("batch loss {running:.4}; last epoch: {}", self.report)
        }
    }

    /// Draws the bar, only when a tenth of a second has gone since the last
    /// time (or, with `now`, at once).
    fn draw(&mut self, now: bool) {
        let last = match &self.target {
            Target::Terminal(_, _, last) | Target::Line(_, last, _) => last,
        };
        if !now && last.is_some_and(|t| t.elapsed() < INTERVAL) {
            return;
        }
        let done = self.epoch.saturating_sub(self.first) * self.batches + self.batch;
        let total = (self.last + 1).saturating_sub(self.first) * self.batches;
        let place = format!(
            "epoch {}/{}, batch {}/{}: {}",
            self.epoch,
            self.last,
            self.batch,
            self.batches,
            self.message()
        );
        let elapsed = self.started.elapsed().as_secs_f64();
        match &mut self.target {
            Target::Terminal(bar, text, last) => {
                *last = Some(Instant::now());
                if let Ok(mut text) = text.lock() {
                    *text = place;
                }
                bar.set_position(done as u64);
            }
            Target::Line(writer, last, _) => {
                *last = Some(Instant::now());
                let left = elapsed * total.saturating_sub(done) as f64 / done.max(1) as f64;
                let _ = write!(
                    writer,
                    "\r{place} ({elapsed:.0} s gone, {left:.0} s left)   "
                );
                let _ = writer.flush();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MetricValues;

    /// A writer that keeps what it is given, shared with the test.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            if let Ok(mut text) = self.0.lock() {
                text.extend_from_slice(bytes);
            }
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_line_is_drawn_at_most_ten_times_a_second() {
        let shared = Shared::default();
        let mut bar = Bar::to_writer(Box::new(shared.clone()), 1, 1000, 50);
        let start = Instant::now();
        // 50 000 batches as fast as they come (and a pause now and then, so
        // that the run lasts long enough for several drawings).
        let mut batches = 0;
        while batches < 50_000 {
            if batches % 10_000 == 0 {
                std::thread::sleep(Duration::from_millis(200));
            }
            bar.batch(0.5);
            batches += 1;
            if batches % 50 == 0 && bar.epoch < 1000 {
                bar.epoch_done(&EpochReport {
                    epoch: bar.epoch,
                    epochs: 1000,
                    loss: 0.25_f64,
                    validation_loss: None,
                    learning_rate: 0.1,
                    metrics: MetricValues::default(),
                    validation_metrics: MetricValues::default(),
                });
            }
        }
        let seconds = start.elapsed().as_secs_f64();
        bar.finish();
        let text = String::from_utf8(shared.0.lock().unwrap().clone()).unwrap();
        let drawings = text.matches('\r').count();
        // One drawing at the start, then one per tenth of a second, and the last.
        assert!(
            drawings as f64 <= 10.0 * seconds + 2.0,
            "{drawings} drawings in {seconds} s"
        );
        // An ended line a second at most, and the last.
        let lines = text.matches('\n').count();
        assert!(
            lines as f64 <= seconds + 2.0,
            "{lines} lines in {seconds} s"
        );
        assert!(lines >= 2, "{text}");
        assert!(drawings >= 2, "{text}");
        assert!(text.ends_with('\n'));
        let last = text.rsplit('\r').next().unwrap();
        assert!(last.contains("loss 0.2500"), "{last}");
        assert!(last.starts_with("epoch "), "{last}");
    }

    /// A terminal that counts its drawings of the bar.
    #[derive(Debug, Clone, Default)]
    struct Counting(Arc<Mutex<usize>>);

    impl indicatif::TermLike for Counting {
        fn width(&self) -> u16 {
            120
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, _: &str) -> std::io::Result<()> {
            Ok(())
        }
        fn write_str(&self, text: &str) -> std::io::Result<()> {
            // One drawing writes the bar's line once.
            if text.contains("epoch ")
                && let Ok(mut n) = self.0.lock()
            {
                *n += 1;
            }
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_terminal_bar_is_drawn_at_most_ten_times_a_second() {
        let term = Counting::default();
        let target = ProgressDrawTarget::term_like_with_hz(Box::new(term.clone()), 10);
        let mut bar = Bar::with_target(Bar::terminal(target, 1, 100, 500), 1, 100, 500);
        let start = Instant::now();
        for batch in 0..50_000 {
            if batch % 10_000 == 0 {
                std::thread::sleep(Duration::from_millis(200));
            }
            bar.batch(0.5);
        }
        let seconds = start.elapsed().as_secs_f64();
        bar.finish();
        let drawings = *term.0.lock().unwrap();
        assert!(
            drawings as f64 <= 10.0 * seconds + 3.0,
            "{drawings} drawings in {seconds} s"
        );
        assert!(drawings >= 2, "{drawings}");
    }

    #[test]
    fn the_line_says_the_epoch_the_batch_and_the_running_loss() {
        let shared = Shared::default();
        let mut bar = Bar::to_writer(Box::new(shared.clone()), 1, 3, 4);
        bar.batch(1.0);
        bar.batch(0.5);
        bar.finish();
        let text = String::from_utf8(shared.0.lock().unwrap().clone()).unwrap();
        let last = text.rsplit('\r').next().unwrap();
        // Mean of 1.0 and 0.5; 2 of 12 batches done.
        assert!(
            last.starts_with("epoch 1/3, batch 2/4: batch loss 0.7500 ("),
            "{last}"
        );
    }
}
