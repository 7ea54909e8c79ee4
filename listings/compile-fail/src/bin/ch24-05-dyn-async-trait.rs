// ANCHOR: main
use std::time::Duration;

use tokio::time::sleep;

trait Storage {
    async fn load(&self, key: u32) -> u64;
}

struct Memory;

impl Storage for Memory {
    async fn load(&self, key: u32) -> u64 {
        u64::from(key) * 10
    }
}

struct Replica {
    lag: Duration,
}

impl Storage for Replica {
    async fn load(&self, key: u32) -> u64 {
        sleep(self.lag).await;
        u64::from(key) * 10
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let replica = Replica {
        lag: Duration::from_millis(5),
    };
    let storages: Vec<Box<dyn Storage>> = vec![Box::new(Memory), Box::new(replica)];
    for storage in &storages {
        println!("loaded {}", storage.load(7).await);
    }
}
// ANCHOR_END: main
