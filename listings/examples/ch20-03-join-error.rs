// ANCHOR: main
#[tokio::main]
async fn main() {
    let first_reading = tokio::spawn(async {
        let readings: Vec<u32> = Vec::new();
        // Indexing an empty vector panics, inside the task.
        readings[0]
    });

    // The panic stops the task, not the program: awaiting its handle gives
    // `Err(JoinError)`.
    match first_reading.await {
        Ok(reading) => println!("first reading: {reading}"),
        Err(error) => println!(
            "the task failed: is_panic() = {}, is_cancelled() = {}",
            error.is_panic(),
            error.is_cancelled()
        ),
    }
    println!("main is still running");
}
// ANCHOR_END: main
