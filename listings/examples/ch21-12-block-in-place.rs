// ANCHOR: main
use tokio::runtime::Builder;
use tokio::task;

/// Blocking work: stands in for a synchronous library call.
fn checksum(data: &[u8]) -> u32 {
    data.iter().map(|&byte| u32::from(byte)).sum()
}

fn main() -> std::io::Result<()> {
    let data = b"quarterly-report".to_vec();

    // spawn_blocking moves the work to the blocking pool: it needs owned data.
    // One worker thread is enough for both calls on this runtime.
    let multi_thread = Builder::new_multi_thread().worker_threads(1).build()?;
    let owned = data.clone();
    let sum = multi_thread.block_on(async move {
        task::spawn_blocking(move || checksum(&owned))
            .await
            .expect("checksum cannot panic")
    });
    println!("spawn_blocking, multi-thread runtime: {sum}");

    // block_in_place runs it right here, on this worker thread, after handing
    // the worker's queue of tasks to a blocking-pool thread, which becomes the
    // worker in its place: the closure can borrow.
    let report = data.clone();
    let (sum, length) = multi_thread.block_on(async {
        tokio::spawn(async move {
            let sum = task::block_in_place(|| checksum(&report));
            (sum, report.len()) // the task still owns `report`
        })
        .await
        .expect("checksum cannot panic")
    });
    println!("block_in_place, multi-thread runtime: {sum} ({length} bytes)");

    // The current-thread runtime cannot hand its tasks to another thread:
    // block_in_place panics there.
    let current_thread = Builder::new_current_thread().build()?;
    let sum = current_thread.block_on(async { task::block_in_place(|| checksum(&data)) });
    println!("block_in_place, current-thread runtime: {sum}"); // never printed
    Ok(())
}
// ANCHOR_END: main
