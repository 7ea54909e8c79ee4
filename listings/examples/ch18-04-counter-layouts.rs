// ANCHOR: main
use crossbeam_utils::CachePadded;
use std::mem::{align_of, offset_of, size_of};
use std::sync::atomic::AtomicU64;

/// Two counters side by side. Aligning the pair to 64 bytes keeps both in
/// one 64-byte line: they can never straddle a line boundary.
#[repr(C, align(64))]
pub struct Adjacent {
    pub first: AtomicU64,
    pub second: AtomicU64,
}

/// Each counter padded and aligned by `CachePadded`.
#[repr(C)]
pub struct Padded {
    pub first: CachePadded<AtomicU64>,
    pub second: CachePadded<AtomicU64>,
}

fn main() {
    let adjacent = Adjacent {
        first: AtomicU64::new(0),
        second: AtomicU64::new(0),
    };
    let padded = Padded {
        first: CachePadded::new(AtomicU64::new(0)),
        second: CachePadded::new(AtomicU64::new(0)),
    };
    println!(
        "Adjacent: size {}, align {}, second counter at byte {}",
        size_of::<Adjacent>(),
        align_of::<Adjacent>(),
        offset_of!(Adjacent, second)
    );
    println!(
        "Padded: size {}, align {}, second counter at byte {}",
        size_of::<Padded>(),
        align_of::<Padded>(),
        offset_of!(Padded, second)
    );
    println!(
        "CachePadded<AtomicU64>: size {}, align {}",
        size_of::<CachePadded<AtomicU64>>(),
        align_of::<CachePadded<AtomicU64>>()
    );
    // The 64-byte line an address falls in is the address divided by 64.
    let line = |counter: &AtomicU64| counter.as_ptr() as usize / 64;
    println!(
        "Adjacent: both counters in one 64-byte line: {}",
        line(&adjacent.first) == line(&adjacent.second)
    );
    println!(
        "Padded: both counters in one 64-byte line: {}",
        line(&padded.first) == line(&padded.second)
    );
}
// ANCHOR_END: main
