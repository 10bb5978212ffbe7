//! Training steps with a `Workspace` make no large arrays: the bytes that a
//! step allocates, counted by a global allocator of this test's own.
//!
//! One test in this file, so that no other test allocates while it counts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use neuron::ndarray::{Array1, Array2};
use neuron::{Activation, Dense, Loss, Network, Trainable, Workspace};

/// The system allocator, counting the bytes asked for.
struct Counting;

static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; the
// counter only adds up the sizes asked for.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's layout, passed on as it came.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout (above).
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        BYTES.fetch_add(new_size, Ordering::Relaxed);
        // SAFETY: as for `dealloc`; the new size is the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn layer(d: usize, units: usize, activation: Activation) -> Dense<f64> {
    let w = Array2::from_shape_fn((d, units), |(i, j)| {
        ((i * 7 + j * 3) % 11) as f64 / 20.0 - 0.25
    });
    Dense::new(w, Array1::zeros(units), activation).expect("shapes fit")
}

/// Bytes allocated while `f` runs.
fn bytes_of(f: impl FnOnce()) -> usize {
    let before = BYTES.load(Ordering::Relaxed);
    f();
    BYTES.load(Ordering::Relaxed) - before
}

#[test]
fn steps_in_a_workspace_allocate_no_activations_or_gradients() {
    // 512 rows (four pieces on threads), 20 → 64 → 32 → 1: one hidden
    // layer's outputs alone are 512 × 64 × 8 B = 256 KiB.
    let network = Network::from_layers(vec![
        layer(20, 64, Activation::Relu),
        layer(64, 32, Activation::Tanh),
        layer(32, 1, Activation::Sigmoid),
    ])
    .expect("layers fit");
    let n = 512;
    let x = Array2::from_shape_fn((n, 20), |(i, j)| ((i * 13 + j) % 17) as f64 / 8.0 - 1.0);
    let t = Array2::from_shape_fn((n, 1), |(i, _)| (i % 2) as f64);
    let loss = Loss::BinaryCrossEntropy;

    let mut workspace = Workspace::new();
    let reused_step = |workspace: &mut Workspace<f64>| {
        let value = network
            .loss_and_gradient_in(x.view(), t.view(), loss, None, workspace)
            .expect("fits");
        assert!(value.is_finite());
    };
    let fresh_step = || {
        let (value, _) = network
            .loss_and_gradient(x.view(), t.view(), loss)
            .expect("fits");
        assert!(value.is_finite());
    };
    // The first calls make the workspace's buffers, and the matrix kernel's
    // (`gemm`) scratch of each thread, which it keeps.
    for _ in 0..4 {
        reused_step(&mut workspace);
        fresh_step();
    }
    // The least that one step allocates, of ten: a thread meeting the matrix
    // kernel for the first time would add its scratch to one step only.
    let reused = (0..10)
        .map(|_| bytes_of(|| reused_step(&mut workspace)))
        .min()
        .unwrap_or(0);
    let fresh = (0..10).map(|_| bytes_of(fresh_step)).min().unwrap_or(0);
    eprintln!("bytes allocated per step: {reused} in a workspace, {fresh} fresh");
    // What a step no longer allocates, per piece of 128 rows: the hidden
    // layers' outputs, the output layer's net inputs, the two deltas passed
    // back, and the piece's gradient; then the whole batch's gradient. What
    // is left: the loss's δ for the output layer and its per-row scratch
    // (n × 1 values each), and the packing buffers that `gemm` allocates
    // inside each product (sized by the weights, and by its blocking on each
    // processor), which both ways of computing share.
    let rows = 128;
    let gradient = 20 * 64 + 64 + 64 * 32 + 32 + 32 + 1;
    let per_piece = rows * 64 + rows * 32 + rows + rows * 32 + rows * 64 + gradient;
    let arrays = 8 * (4 * per_piece + gradient);
    assert!(
        fresh >= reused + arrays,
        "a step in a workspace allocated {reused} B, a fresh one {fresh} B: \
         fewer than the {arrays} B of activations, deltas and gradients saved"
    );
}
