// ANCHOR: main
use std::time::Duration;

use tokio::sync::mpsc::{self, error::TrySendError};
use tokio::time::{Instant, sleep};

const ENTRIES: u32 = 8;
const CAPACITY: usize = 4;
const WRITE_TIME: Duration = Duration::from_millis(10);

/// What the slow actor saw: the longest queue in its mailbox, and when it
/// wrote its last entry.
struct Report {
    most_queued: usize,
    done_at: Duration,
}

/// A slow actor: each entry takes WRITE_TIME to write. Just before it takes
/// a message, it counts the ones waiting. Here `recv` never finds the
/// mailbox empty before the end, so the queue grows only while the actor
/// writes, and the largest of these counts is the longest it ever was.
async fn audit_log(mut inbox: mpsc::Receiver<String>, start: Instant) -> Report {
    let mut most_queued = 0;
    loop {
        most_queued = most_queued.max(inbox.len());
        let Some(_entry) = inbox.recv().await else {
            break;
        };
        sleep(WRITE_TIME).await;
    }
    let done_at = start.elapsed();
    Report {
        most_queued,
        done_at,
    }
}

/// The same actor, behind a mailbox without a bound.
async fn unbounded_audit_log(mut inbox: mpsc::UnboundedReceiver<String>, start: Instant) -> Report {
    let mut most_queued = 0;
    loop {
        most_queued = most_queued.max(inbox.len());
        let Some(_entry) = inbox.recv().await else {
            break;
        };
        sleep(WRITE_TIME).await;
    }
    let done_at = start.elapsed();
    Report {
        most_queued,
        done_at,
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("bounded mailbox, capacity {CAPACITY}: {ENTRIES} entries, {WRITE_TIME:?} each");
    let start = Instant::now();
    let (mailbox, inbox) = mpsc::channel(CAPACITY);
    let actor = tokio::spawn(audit_log(inbox, start));
    for n in 1..=ENTRIES {
        // `capacity` is the room left in the mailbox now.
        let room = match mailbox.capacity() {
            0 => String::from("mailbox full"),
            room => format!("room for {room}"),
        };
        let asked = Instant::now();
        mailbox
            .send(format!("entry {n}"))
            .await
            .expect("the log runs");
        println!("  entry {n}: {room}, waited {:?}", asked.elapsed());
    }
    println!("  producer done after {:?}", start.elapsed());
    match mailbox.try_send(format!("entry {}", ENTRIES + 1)) {
        Ok(()) => println!("  try_send on the full mailbox: accepted"),
        Err(TrySendError::Full(entry)) => {
            println!("  try_send on the full mailbox: Full, {entry:?} handed back")
        }
        Err(TrySendError::Closed(_)) => println!("  try_send: the log is gone"),
    }
    drop(mailbox);
    let report = actor.await.expect("the log cannot panic");
    println!("  most entries in the mailbox: {}", report.most_queued);
    println!(
        "  never more than the capacity: {}",
        report.most_queued <= CAPACITY
    );
    println!("  last entry written after {:?}", report.done_at);

    println!("unbounded mailbox: the same {ENTRIES} entries");
    let start = Instant::now();
    let (mailbox, inbox) = mpsc::unbounded_channel();
    let actor = tokio::spawn(unbounded_audit_log(inbox, start));
    for n in 1..=ENTRIES {
        // Not async: an unbounded send never waits.
        mailbox.send(format!("entry {n}")).expect("the log runs");
    }
    println!("  producer done after {:?}", start.elapsed());
    drop(mailbox);
    let report = actor.await.expect("the log cannot panic");
    println!("  most entries in the mailbox: {}", report.most_queued);
    println!("  last entry written after {:?}", report.done_at);
}
// ANCHOR_END: main
