// copy-of: ch21-04-select-loses-data const FRAME, fn send_orders, fn send_alerts
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tokio::time::sleep;

/// Every frame on the wire is exactly this long.
const FRAME: usize = 8;

/// Sends `order-01` to `order-04`, each frame in two halves 10ms apart.
async fn send_orders(mut wire: DuplexStream) -> std::io::Result<usize> {
    let mut sent = 0;
    for n in 1..=4 {
        let frame = format!("order-{n:02}");
        let (first, second) = frame.as_bytes().split_at(FRAME / 2);
        wire.write_all(first).await?;
        sleep(Duration::from_millis(10)).await;
        wire.write_all(second).await?;
        sent += frame.len();
    }
    Ok(sent)
}

/// Sends an alert every 7ms, four in all.
async fn send_alerts(alerts: mpsc::Sender<String>) {
    for n in 1..=4 {
        sleep(Duration::from_millis(7)).await;
        if alerts.send(format!("alert {n}")).await.is_err() {
            return;
        }
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (mut wire, far_end) = tokio::io::duplex(64);
    let (alert_sender, mut alerts) = mpsc::channel(8);
    let sender = tokio::spawn(send_orders(far_end));
    tokio::spawn(send_alerts(alert_sender));

    // ANCHOR: main
    let mut frame = [0u8; FRAME];
    let mut bytes_in_frames = 0;
    let mut alerts_seen = 0;
    loop {
        // One `read_exact` per frame, created outside the `select!` loop and
        // pinned, so that `&mut read` polls the same future every time.
        let read = wire.read_exact(&mut frame);
        tokio::pin!(read);
        let result = loop {
            tokio::select! {
                result = &mut read => break result,
                Some(alert) = alerts.recv() => {
                    alerts_seen += 1;
                    println!("{alert}");
                }
            }
        };
        if result.is_err() {
            break; // the sender closed the wire
        }
        bytes_in_frames += FRAME;
        println!("frame: {}", String::from_utf8_lossy(&frame));
    }
    // ANCHOR_END: main
    let bytes_sent = sender
        .await
        .expect("send_orders cannot panic")
        .expect("the wire is open");
    println!("alerts received: {alerts_seen} of 4");
    println!("bytes sent: {bytes_sent}, bytes in frames: {bytes_in_frames}");
    println!("bytes lost: {}", bytes_sent - bytes_in_frames);
}
