// ANCHOR: main
use std::future::Future;
use std::mem::size_of_val;
use std::pin::Pin;
use std::time::Duration;

use tokio::time::sleep;

trait Storage {
    fn load(&self, key: u32) -> Pin<Box<dyn Future<Output = u64> + Send + '_>>;
}

struct Memory;

impl Storage for Memory {
    fn load(&self, key: u32) -> Pin<Box<dyn Future<Output = u64> + Send + '_>> {
        Box::pin(async move { u64::from(key) * 10 })
    }
}

struct Replica {
    lag: Duration,
}

impl Storage for Replica {
    fn load(&self, key: u32) -> Pin<Box<dyn Future<Output = u64> + Send + '_>> {
        Box::pin(async move {
            sleep(self.lag).await;
            u64::from(key) * 10
        })
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let replica = Replica {
        lag: Duration::from_millis(5),
    };
    let storages: Vec<Box<dyn Storage>> = vec![Box::new(Memory), Box::new(replica)];
    for storage in &storages {
        let load = storage.load(7);
        let (on_heap, in_hand) = (size_of_val(&*load), size_of_val(&load));
        let value = load.await;
        println!("loaded {value}; future: {on_heap} bytes on the heap, {in_hand} bytes in hand");
    }
}
// ANCHOR_END: main
