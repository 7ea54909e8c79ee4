// ANCHOR: main
use std::collections::BTreeMap;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::{sleep, timeout};

/// What the account book can be asked to do.
enum Message {
    Deposit { account: &'static str, amount: u64 },
    Withdraw { account: &'static str, amount: u64 },
}

/// The actor's state. Only the actor's task ever touches it: no `Arc`, no lock.
#[derive(Debug, Default)]
struct AccountBook {
    balances: BTreeMap<&'static str, u64>,
    refused: u32,
}

impl AccountBook {
    fn handle(&mut self, message: Message) {
        match message {
            Message::Deposit { account, amount } => {
                *self.balances.entry(account).or_default() += amount;
            }
            Message::Withdraw { account, amount } => {
                let balance = self.balances.entry(account).or_default();
                if *balance >= amount {
                    *balance -= amount;
                } else {
                    self.refused += 1;
                }
            }
        }
    }
}

/// The only way to reach the actor: a sender to its mailbox. Cloning the
/// handle clones the sender.
#[derive(Clone)]
struct BookHandle {
    mailbox: mpsc::Sender<Message>,
}

impl BookHandle {
    /// Spawns the actor with a mailbox of `capacity` messages.
    fn start(capacity: usize) -> (BookHandle, JoinHandle<AccountBook>) {
        let (mailbox, mut inbox) = mpsc::channel(capacity);
        let actor = tokio::spawn(async move {
            let mut book = AccountBook::default();
            // `recv` returns `None` once the mailbox is empty and every
            // sender, so every handle, is gone.
            while let Some(message) = inbox.recv().await {
                book.handle(message);
            }
            book
        });
        (BookHandle { mailbox }, actor)
    }

    // The actor stops only when no handle is left, so while `self` exists
    // it is running and `send` cannot fail.
    async fn deposit(&self, account: &'static str, amount: u64) {
        let message = Message::Deposit { account, amount };
        self.mailbox
            .send(message)
            .await
            .expect("the actor is running");
    }

    async fn withdraw(&self, account: &'static str, amount: u64) {
        let message = Message::Withdraw { account, amount };
        self.mailbox
            .send(message)
            .await
            .expect("the actor is running");
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (book, actor) = BookHandle::start(4);

    let mut tellers = Vec::new();
    for (account, deposits) in [("alice", [50, 20, 30]), ("bob", [10, 10, 10])] {
        let book = book.clone();
        tellers.push(tokio::spawn(async move {
            for amount in deposits {
                book.deposit(account, amount).await;
            }
            book.withdraw(account, 40).await;
        }));
    }
    for teller in tellers {
        teller.await.expect("a teller cannot panic");
    }

    // Every teller is done and its handle dropped; `book` is the last one.
    sleep(Duration::from_secs(1)).await;
    println!(
        "actor finished while a handle was alive: {}",
        actor.is_finished()
    );
    drop(book);
    let ended = timeout(Duration::from_secs(1), actor).await;
    println!(
        "actor ended once the last handle was dropped: {}",
        ended.is_ok()
    );
    let Ok(result) = ended else { return };
    let book = result.expect("the actor cannot panic");
    println!("balances: {:?}", book.balances);
    println!("withdrawals refused: {}", book.refused);
}
// ANCHOR_END: main
