// ANCHOR: main
use std::time::Duration;

use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio::time::sleep;

/// A request to the price service, with the channel to answer on.
struct PriceRequest {
    item: &'static str,
    reply: oneshot::Sender<u32>,
}

async fn price_service(mut requests: mpsc::Receiver<PriceRequest>) {
    while let Some(request) = requests.recv().await {
        let price = request.item.len() as u32 * 10;
        // The asker may have given up; then nobody wants the answer.
        let _ = request.reply.send(price);
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("oneshot: one reply to one request");
    let (requests, inbox) = mpsc::channel(8);
    tokio::spawn(price_service(inbox));
    let (reply, answer) = oneshot::channel();
    requests
        .send(PriceRequest {
            item: "kettle",
            reply,
        })
        .await
        .expect("the price service is running");
    println!("  kettle costs {:?}", answer.await);

    println!("broadcast: every subscriber gets every message");
    let (news, mut desk) = broadcast::channel(4);
    let mut archive = news.subscribe();
    for n in 1..=6 {
        news.send(format!("story {n}"))
            .expect("there are subscribers");
        // The desk keeps up; the archive reads nothing yet.
        println!("  desk got {:?}", desk.recv().await);
    }
    loop {
        match archive.recv().await {
            Ok(story) => println!("  archive got {story:?}"),
            Err(RecvError::Lagged(missed)) => println!("  archive lagged: missed {missed}"),
            Err(error) => panic!("the sender is alive: {error}"),
        }
        if archive.is_empty() {
            break;
        }
    }

    println!("watch: only the latest value");
    let (config, mut current) = watch::channel(1);
    let reader = tokio::spawn(async move {
        let mut seen = Vec::new();
        while current.changed().await.is_ok() {
            seen.push(*current.borrow_and_update());
            sleep(Duration::from_millis(25)).await; // a slow reader
        }
        seen
    });
    for version in 2..=6 {
        sleep(Duration::from_millis(10)).await;
        config.send(version).expect("the reader is alive");
    }
    drop(config); // `changed` returns Err once the value is seen and the sender is gone
    println!(
        "  versions sent: 2 to 6, versions seen: {:?}",
        reader.await.expect("the reader cannot panic")
    );
}
// ANCHOR_END: main
