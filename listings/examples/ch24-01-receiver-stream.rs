// ANCHOR: main
use tokio::sync::mpsc;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

const READINGS: [i32; 7] = [18, 31, 22, 35, 40, 12, 33];

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (sender, receiver) = mpsc::channel(4);
    let sensor = tokio::spawn(async move {
        let mut sent = 0;
        for celsius in READINGS {
            if sender.send(celsius).await.is_err() {
                break; // the receiver is gone: nobody will read the rest
            }
            sent += 1;
        }
        sent
    });

    let mut alerts = ReceiverStream::new(receiver)
        .filter(|celsius| *celsius > 30)
        .map(|celsius| format!("{celsius} °C"))
        .take(2);
    while let Some(alert) = alerts.next().await {
        println!("alert: {alert}");
    }
    drop(alerts); // drops the stream, and with it the receiver

    let sent = sensor.await.expect("the sensor task does not panic");
    let total = READINGS.len();
    println!("readings sent before the stream was dropped: {sent} of {total}");
}
// ANCHOR_END: main
