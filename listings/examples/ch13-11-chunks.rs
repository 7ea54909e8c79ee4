// Rayon's pool threads are never joined, and crossbeam's epoch code needs
// the Tree Borrows model: see chapter 12.
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance
// ANCHOR: main
use rayon::prelude::*;

fn main() {
    // 10 500 bytes of a file, checked in blocks of 1 000 bytes.
    let bytes: Vec<u8> = (0..10_500u32).map(|i| (i * 7 % 256) as u8).collect();

    // `par_chunks` hands each closure call a whole block, not a byte.
    let block_sums: Vec<u32> = bytes
        .par_chunks(1_000)
        .map(|block| block.iter().map(|&b| u32::from(b)).sum())
        .collect();
    let expected: Vec<u32> = bytes
        .chunks(1_000)
        .map(|block| block.iter().map(|&b| u32::from(b)).sum())
        .collect();
    let block_lens: Vec<usize> = bytes.par_chunks(1_000).map(<[u8]>::len).collect();
    println!("block lengths: {block_lens:?}");
    println!("same sums as chunks(): {}", block_sums == expected);

    // `with_min_len` says how Rayon may split the blocks into jobs: never
    // into pieces of fewer than 4 blocks. `fold` starts a new count for
    // each piece, so the counts are the sizes of the pieces.
    let piece_sizes: Vec<usize> = bytes
        .par_chunks(1_000)
        .with_min_len(4)
        .fold(|| 0, |blocks, _| blocks + 1)
        .collect();
    let smallest = piece_sizes.iter().min().copied().unwrap_or(0);
    println!(
        "blocks in all pieces: {}",
        piece_sizes.iter().sum::<usize>()
    );
    println!("every piece has at least 4 blocks: {}", smallest >= 4);
}
// ANCHOR_END: main
