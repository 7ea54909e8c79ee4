// ANCHOR: main
use tracing::{debug, info, info_span, warn};

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

fn main() {
    init_tracing();
    info!("checkout service started");
    {
        let order = info_span!("order", id = 7, customer = "ada");
        let _entered = order.enter();
        info!(items = 3, "checking stock");
        let payment = info_span!("payment", method = "card");
        payment.in_scope(|| {
            debug!("opening a connection to the bank");
            warn!(attempt = 1, "the bank is slow, retrying");
            info!(amount_cents = 4250, "payment accepted");
        });
        info!("order confirmed");
    }
    info!("checkout service idle");
}
// ANCHOR_END: main
