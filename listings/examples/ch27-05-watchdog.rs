// ANCHOR: main
use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::{sleep, timeout};
use tracing::{info, warn};

/// Ready once the bank has confirmed. The mistake of listing 22.6: `poll`
/// returns `Pending` without keeping the waker, so the bank wakes nobody.
struct Confirmation {
    confirmed: Arc<AtomicBool>,
}

impl Future for Confirmation {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.confirmed.load(Ordering::Acquire) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

/// Awaits `future`. If it has not finished within `limit`, says what it is
/// waiting on, polls it once more, and says whether it became ready unpolled.
async fn watched<F: Future>(what: &str, limit: Duration, future: F) -> F::Output {
    let mut future = pin!(future);
    tokio::select! {
        biased;
        () = sleep(limit) => {}
        output = &mut future => return output,
    }
    let waited_ms = limit.as_millis();
    warn!(waiting_on = what, "no progress after {waited_ms}ms");
    match poll_fn(|cx| Poll::Ready(future.as_mut().poll(cx))).await {
        Poll::Ready(output) => {
            let verdict = "its wake-up was lost or came with the deadline";
            warn!(waiting_on = what, "ready when polled again: {verdict}");
            output
        }
        Poll::Pending => {
            warn!(waiting_on = what, "still pending when polled again");
            future.await
        }
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    init_tracing();
    let limit = Duration::from_millis(100);

    let (stock_reply, stock) = oneshot::channel();
    tokio::spawn(async move {
        sleep(Duration::from_millis(10)).await;
        info!("stock service: 3 units free");
        stock_reply.send(3).expect("the order is waiting");
    });
    let confirmed = Arc::new(AtomicBool::new(false));
    let bank_flag = Arc::clone(&confirmed);
    tokio::spawn(async move {
        sleep(Duration::from_millis(30)).await;
        info!("bank: payment confirmed");
        bank_flag.store(true, Ordering::Release);
    });
    let (receipt_reply, receipt) = oneshot::channel::<u32>();

    let units = watched("stock service", limit, stock).await;
    let units = units.expect("the stock service answers");
    info!(units, "stock reserved");
    watched("bank confirmation", limit, Confirmation { confirmed }).await;
    info!("payment recorded");
    let printer = watched("receipt printer", limit, receipt);
    if timeout(Duration::from_secs(1), printer).await.is_err() {
        warn!("gave up on the receipt after 1s");
    }
    drop(receipt_reply);
}
// ANCHOR_END: main

/// Prints every event at level INFO or above to standard output, in a form
/// that is the same on every run: no timestamps, no colours, no thread ids.
fn init_tracing() {
    tracing_subscriber::fmt()
        .without_time()
        .with_ansi(false)
        .with_thread_ids(false)
        .with_target(false)
        .init();
}

// copy-of: ch27-01-events-and-spans fn init_tracing
