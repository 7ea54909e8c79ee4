// ANCHOR: main
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

const SEATS: u32 = 3;
const WANTED: u32 = 2;

/// The invariant: never more seats sold than the hall has.
#[derive(Default)]
struct Hall {
    sold: u32,
    /// Who had the hall, in order, and what they did with it.
    turns: Vec<String>,
}

impl Hall {
    fn left(&self) -> u32 {
        SEATS.saturating_sub(self.sold)
    }

    fn turn(&mut self, what: String) {
        self.turns.push(what);
    }
}

/// The slow step between the check and the act.
async fn approve_payment() {
    sleep(Duration::from_millis(10)).await;
}

/// What three customers and a display, which asks at 1 ms, left behind.
struct Outcome {
    hall: Hall,
    display_waited: Duration,
}

/// Version 1, a `std::sync::Mutex`, whose guard must not live across the `.await`:
/// the check and the sale are two critical sections.
async fn with_std_mutex() -> Outcome {
    let hall = Arc::new(std::sync::Mutex::new(Hall::default()));
    let mut customers = JoinSet::new();
    for customer in 1..=3 {
        let hall = Arc::clone(&hall);
        customers.spawn(async move {
            {
                let mut hall = hall.lock().unwrap();
                hall.turn(format!("{customer} checks"));
                if hall.left() < WANTED {
                    return;
                }
            } // the guard is dropped here, before the `.await`
            approve_payment().await;
            let mut hall = hall.lock().unwrap();
            hall.sold += WANTED;
            hall.turn(format!("{customer} buys"));
        });
    }
    sleep(Duration::from_millis(1)).await;
    let asked = Instant::now();
    hall.lock().unwrap().turn(String::from("display"));
    let display_waited = asked.elapsed();
    customers.join_all().await;
    let hall = Arc::into_inner(hall).expect("every customer is done");
    let hall = hall.into_inner().unwrap();
    Outcome {
        hall,
        display_waited,
    }
}

/// Version 2, a `tokio::sync::Mutex`, whose guard is held across the payment.
async fn with_tokio_mutex() -> Outcome {
    let hall = Arc::new(tokio::sync::Mutex::new(Hall::default()));
    let mut customers = JoinSet::new();
    for customer in 1..=3 {
        let hall = Arc::clone(&hall);
        customers.spawn(async move {
            let mut hall = hall.lock().await;
            if hall.left() < WANTED {
                hall.turn(format!("{customer} is refused"));
                return;
            }
            approve_payment().await; // every other caller waits meanwhile
            hall.sold += WANTED;
            hall.turn(format!("{customer} buys"));
        });
    }
    sleep(Duration::from_millis(1)).await;
    let asked = Instant::now();
    hall.lock().await.turn(String::from("display"));
    let display_waited = asked.elapsed();
    customers.join_all().await;
    let hall = Arc::into_inner(hall).expect("every customer is done");
    Outcome {
        hall: hall.into_inner(),
        display_waited,
    }
}

enum Message {
    Reserve { customer: u32 },
    Display { reply: oneshot::Sender<()> },
}

/// Version 3, an actor: one message is one critical section, payment included.
async fn with_actor() -> Outcome {
    let (mailbox, mut inbox) = mpsc::channel(8);
    let actor = tokio::spawn(async move {
        let mut hall = Hall::default();
        while let Some(message) = inbox.recv().await {
            match message {
                Message::Reserve { customer } => {
                    if hall.left() < WANTED {
                        hall.turn(format!("{customer} is refused"));
                        continue;
                    }
                    approve_payment().await; // the mailbox waits meanwhile
                    hall.sold += WANTED;
                    hall.turn(format!("{customer} buys"));
                }
                Message::Display { reply } => {
                    hall.turn(String::from("display"));
                    let _ = reply.send(());
                }
            }
        }
        hall
    });
    for customer in 1..=3 {
        let mailbox = mailbox.clone();
        tokio::spawn(async move {
            let message = Message::Reserve { customer };
            mailbox.send(message).await.expect("the actor runs");
        });
    }
    sleep(Duration::from_millis(1)).await;
    let asked = Instant::now();
    let (reply, shown) = oneshot::channel();
    let message = Message::Display { reply };
    mailbox.send(message).await.expect("the actor runs");
    shown.await.expect("the actor answers");
    let display_waited = asked.elapsed();
    drop(mailbox); // the last sender: the actor's loop ends
    let hall = actor.await.expect("the actor cannot panic");
    Outcome {
        hall,
        display_waited,
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("{SEATS} seats; customers 1, 2 and 3 want {WANTED} each; payment takes 10ms");
    for (name, outcome) in [
        ("std Mutex, released to pay", with_std_mutex().await),
        ("tokio Mutex, held to pay", with_tokio_mutex().await),
        ("actor, pays in the message", with_actor().await),
    ] {
        let hall = outcome.hall;
        println!("{name}:");
        println!("  turns: {}", hall.turns.join(", "));
        println!("  seats sold: {}", hall.sold);
        println!("  never more than {SEATS} sold: {}", hall.sold <= SEATS);
        println!(
            "  the display, asking at 1ms, waited {:?}",
            outcome.display_waited
        );
    }
}
// ANCHOR_END: main
