// ANCHOR: main
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::{sleep, timeout};

enum Message {
    Price {
        item: &'static str,
        reply: oneshot::Sender<u32>,
    },
    Quote {
        items: Vec<&'static str>,
        reply: oneshot::Sender<u32>,
    },
}

/// The request went unanswered: the actor is gone or dropped the reply.
#[derive(Debug)]
struct Unanswered;

#[derive(Clone)]
struct PriceList {
    mailbox: mpsc::Sender<Message>,
}

/// What the actor has of itself, and how it prices a quote's items.
#[derive(Clone, Copy)]
enum Setup {
    /// A handle to itself, through which it sends itself `Price` requests.
    AsksItself,
    /// A handle to itself that it never uses: it prices from its own state.
    KeepsAHandle,
    /// No handle to itself: it prices from its own state.
    NoHandle,
}

impl PriceList {
    fn start(setup: Setup) -> (PriceList, JoinHandle<()>) {
        let (mailbox, inbox) = mpsc::channel(4);
        let prices = PriceList { mailbox };
        let myself = match setup {
            Setup::AsksItself | Setup::KeepsAHandle => Some(prices.clone()),
            Setup::NoHandle => None,
        };
        let ask_myself = matches!(setup, Setup::AsksItself);
        let actor = tokio::spawn(run_price_list(inbox, myself, ask_myself));
        (prices, actor)
    }

    async fn price(&self, item: &'static str) -> Result<u32, Unanswered> {
        let (reply, answer) = oneshot::channel();
        let message = Message::Price { item, reply };
        self.mailbox.send(message).await.map_err(|_| Unanswered)?;
        answer.await.map_err(|_| Unanswered)
    }

    async fn quote(&self, items: Vec<&'static str>) -> Result<u32, Unanswered> {
        let (reply, answer) = oneshot::channel();
        let message = Message::Quote { items, reply };
        self.mailbox.send(message).await.map_err(|_| Unanswered)?;
        answer.await.map_err(|_| Unanswered)
    }
}

fn price_of(item: &str) -> u32 {
    item.len() as u32 * 10
}

async fn run_price_list(
    mut inbox: mpsc::Receiver<Message>,
    myself: Option<PriceList>,
    ask_myself: bool,
) {
    while let Some(message) = inbox.recv().await {
        match message {
            Message::Price { item, reply } => {
                let _ = reply.send(price_of(item));
            }
            Message::Quote { items, reply } => {
                let mut total = 0;
                for item in items {
                    total += match &myself {
                        // The `Price` request waits in this actor's own
                        // mailbox, behind the `Quote` being handled here.
                        Some(me) if ask_myself => match me.price(item).await {
                            Ok(price) => price,
                            Err(Unanswered) => return,
                        },
                        _ => price_of(item),
                    };
                }
                let _ = reply.send(total);
            }
        }
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    for (how, setup) in [
        (
            "asking itself, through a handle to itself",
            Setup::AsksItself,
        ),
        (
            "reading its own state, a handle to itself kept",
            Setup::KeepsAHandle,
        ),
        (
            "reading its own state, no handle to itself",
            Setup::NoHandle,
        ),
    ] {
        println!("quote priced by {how}:");
        let (prices, actor) = PriceList::start(setup);
        let limit = Duration::from_secs(1);
        match timeout(limit, prices.quote(vec!["kettle", "toaster"])).await {
            Ok(total) => println!("  answered within {limit:?}: {total:?}"),
            Err(_) => println!("  no answer within {limit:?}: deadlock"),
        }
        drop(prices);
        sleep(limit).await;
        println!(
            "  actor ended once main's handle was dropped: {}",
            actor.is_finished()
        );
    }
}
// ANCHOR_END: main
