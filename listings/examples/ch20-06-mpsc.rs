// ANCHOR: main
use std::collections::BTreeMap;

use tokio::sync::mpsc;

#[tokio::main]
async fn main() {
    // A bounded channel: `send` waits while 4 messages are already queued.
    let (sender, mut receiver) = mpsc::channel::<(&str, i32)>(4);

    let sensors = [
        ("boiler", [71, 74, 73]),
        ("attic", [18, 17, 19]),
        ("cellar", [12, 12, 13]),
    ];
    for (sensor, readings) in sensors {
        let sender = sender.clone();
        tokio::spawn(async move {
            for reading in readings {
                if sender.send((sensor, reading)).await.is_err() {
                    return; // the receiver is gone: stop producing
                }
            }
        });
    }
    // Drop the original sender, or `recv` below would wait forever.
    drop(sender);

    // `recv` returns `None` once every sender is dropped and the queue is empty.
    let mut highest = BTreeMap::new();
    while let Some((sensor, reading)) = receiver.recv().await {
        let top = highest.entry(sensor).or_insert(reading);
        *top = (*top).max(reading);
    }
    for (sensor, top) in &highest {
        println!("{sensor}: highest reading {top}");
    }
    println!("every sender is gone, so the channel is closed");
}
// ANCHOR_END: main
