// ANCHOR: main
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::sync::oneshot;
use tokio::time::{sleep, timeout};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Instrument, Subscriber, info, info_span, instrument, warn};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;
use tracing_subscriber::registry::LookupSpan;

/// What the tracker knows of one span that is still open.
struct OpenSpan {
    /// The span's name and fields, after those of its parents.
    path: String,
    /// How many times it was entered: once per poll, for an instrumented future.
    entries: u32,
    entered_now: bool,
}

/// A layer that keeps a list of the open spans, to print when asked.
#[derive(Clone, Default)]
struct SpanTracker {
    open: Arc<Mutex<BTreeMap<u64, OpenSpan>>>,
}

/// Writes a span's fields as `name=value`, separated by spaces.
#[derive(Default)]
struct FieldText(String);

impl Visit for FieldText {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let space = if self.0.is_empty() { "" } else { " " };
        write!(self.0, "{space}{}={value:?}", field.name()).expect("writing to a String");
    }
}

impl<S> Layer<S> for SpanTracker
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = FieldText::default();
        attrs.record(&mut fields);
        let label = format!("{}{{{}}}", attrs.metadata().name(), fields.0);
        let parent = ctx.span(id).and_then(|span| span.parent()).map(|p| p.id());
        let mut open = self.open.lock().unwrap();
        let path = match parent.and_then(|parent| open.get(&parent.into_u64())) {
            Some(parent) => format!("{}:{label}", parent.path),
            None => label,
        };
        let span = OpenSpan {
            path,
            entries: 0,
            entered_now: false,
        };
        open.insert(id.into_u64(), span);
    }

    fn on_enter(&self, id: &Id, _ctx: Context<'_, S>) {
        if let Some(span) = self.open.lock().unwrap().get_mut(&id.into_u64()) {
            span.entries += 1;
            span.entered_now = true;
        }
    }

    fn on_exit(&self, id: &Id, _ctx: Context<'_, S>) {
        if let Some(span) = self.open.lock().unwrap().get_mut(&id.into_u64()) {
            span.entered_now = false;
        }
    }

    fn on_close(&self, id: Id, _ctx: Context<'_, S>) {
        self.open.lock().unwrap().remove(&id.into_u64());
    }
}

/// Waits for the price desk's answer to one quote request.
#[instrument(skip(reply))]
async fn quote(item: &'static str, reply: oneshot::Receiver<u32>) {
    info!("request sent");
    let price = reply
        .instrument(info_span!("awaiting", what = "price desk reply"))
        .await;
    match price {
        Ok(price) => info!(price, "quote received"),
        Err(_) => info!("the price desk dropped the request"),
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let tracker = SpanTracker::default();
    let printer = tracing_subscriber::fmt::layer()
        .without_time()
        .with_ansi(false)
        .with_target(false);
    tracing_subscriber::registry()
        .with(printer)
        .with(tracker.clone())
        .init();

    let (lamp_reply, lamp_price) = oneshot::channel();
    let (sofa_reply, sofa_price) = oneshot::channel();
    let lamp = tokio::spawn(quote("lamp", lamp_price));
    let sofa = tokio::spawn(quote("sofa", sofa_price));

    // The desk answers the lamp. The sofa's request goes into a queue that
    // nobody reads: its sender stays alive, so its receiver never learns.
    sleep(Duration::from_millis(10)).await;
    lamp_reply.send(60).expect("the lamp's task is waiting");
    let unread_queue = vec![sofa_reply];

    let both = async {
        lamp.await.expect("the lamp's task does not panic");
        sofa.await.expect("the sofa's task does not panic");
    };
    if timeout(Duration::from_secs(5), both).await.is_err() {
        let alive = Handle::current().metrics().num_alive_tasks();
        warn!(alive, "tasks still running after 5s");
        for span in tracker.open.lock().unwrap().values() {
            let (path, entries, now) = (&span.path, span.entries, span.entered_now);
            warn!(entries, entered_now = now, "open span {path}");
        }
    }
    drop(unread_queue);
}
// ANCHOR_END: main
