// ANCHOR: main
use std::collections::BTreeMap;

use tokio::sync::{mpsc, oneshot};

/// A withdrawal the book refused, with the balance it found.
#[derive(Debug)]
struct Refused {
    balance: u64,
}

/// Each request carries the sender half of a oneshot channel: the way back.
enum Message {
    Deposit {
        account: &'static str,
        amount: u64,
    },
    Withdraw {
        account: &'static str,
        amount: u64,
        reply: oneshot::Sender<Result<u64, Refused>>,
    },
    Balance {
        account: &'static str,
        reply: oneshot::Sender<u64>,
    },
    Close,
}

async fn run_book(mut inbox: mpsc::Receiver<Message>) {
    let mut balances: BTreeMap<&'static str, u64> = BTreeMap::new();
    while let Some(message) = inbox.recv().await {
        match message {
            Message::Deposit { account, amount } => {
                *balances.entry(account).or_default() += amount;
            }
            Message::Withdraw {
                account,
                amount,
                reply,
            } => {
                let balance = balances.entry(account).or_default();
                let answer = if *balance >= amount {
                    *balance -= amount;
                    Ok(*balance)
                } else {
                    Err(Refused { balance: *balance })
                };
                // The caller may have given up waiting; then nobody listens.
                let _ = reply.send(answer);
            }
            Message::Balance { account, reply } => {
                let _ = reply.send(balances.get(account).copied().unwrap_or(0));
            }
            Message::Close => break,
        }
    }
    // Returning drops `inbox`: the mailbox closes, and the messages still
    // in it are dropped, their reply senders with them.
}

/// Why a request got no answer.
#[derive(Debug)]
enum BookError {
    /// `send` failed: the mailbox was closed, the request never arrived.
    NotDelivered,
    /// The oneshot's sender was dropped: the request went unanswered.
    NoReply,
}

#[derive(Clone)]
struct BookHandle {
    mailbox: mpsc::Sender<Message>,
}

impl BookHandle {
    fn start(capacity: usize) -> BookHandle {
        let (mailbox, inbox) = mpsc::channel(capacity);
        tokio::spawn(run_book(inbox));
        BookHandle { mailbox }
    }

    async fn request<T>(
        &self,
        message: impl FnOnce(oneshot::Sender<T>) -> Message,
    ) -> Result<T, BookError> {
        let (reply, answer) = oneshot::channel();
        self.mailbox
            .send(message(reply))
            .await
            .map_err(|_| BookError::NotDelivered)?;
        answer.await.map_err(|_| BookError::NoReply)
    }

    async fn withdraw(
        &self,
        account: &'static str,
        amount: u64,
    ) -> Result<Result<u64, Refused>, BookError> {
        self.request(|reply| Message::Withdraw {
            account,
            amount,
            reply,
        })
        .await
    }

    async fn balance(&self, account: &'static str) -> Result<u64, BookError> {
        self.request(|reply| Message::Balance { account, reply })
            .await
    }

    async fn deposit(&self, account: &'static str, amount: u64) -> Result<(), BookError> {
        let message = Message::Deposit { account, amount };
        self.mailbox
            .send(message)
            .await
            .map_err(|_| BookError::NotDelivered)
    }

    async fn close(&self) -> Result<(), BookError> {
        self.mailbox
            .send(Message::Close)
            .await
            .map_err(|_| BookError::NotDelivered)
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let book = BookHandle::start(4);
    println!("deposit 100: {:?}", book.deposit("alice", 100).await);
    for amount in [30, 500] {
        match book.withdraw("alice", amount).await {
            Ok(Ok(balance)) => println!("withdraw {amount}: done, {balance} left"),
            Ok(Err(refused)) => {
                println!("withdraw {amount}: refused, {} left", refused.balance)
            }
            Err(error) => println!("withdraw {amount}: {error:?}"),
        }
    }
    println!("balance: {:?}", book.balance("alice").await);

    // Two callers at once: one closes the book, the other asks for a
    // balance. Both messages are in the mailbox before the actor runs, and
    // `biased;` polls the futures in order, so `Close` goes in first.
    let (closed, late) = tokio::join!(biased; book.close(), book.balance("alice"));
    println!("close: {closed:?}");
    println!("balance queued behind the close: {late:?}");
    println!("balance after the close: {:?}", book.balance("alice").await);
}
// ANCHOR_END: main
