// ANCHOR: main
use std::sync::Arc;

#[trait_variant::make(Send)]
trait Storage {
    async fn load(&self, key: u32) -> u64;
}

struct Memory;

impl Storage for Memory {
    async fn load(&self, key: u32) -> u64 {
        u64::from(key) * 10
    }
}

/// Loads `key` in a task of its own, for any storage.
async fn load_in_background<S: Storage + Sync + 'static>(storage: Arc<S>, key: u32) -> u64 {
    let task = tokio::spawn(async move { storage.load(key).await });
    task.await.expect("the task does not panic")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let value = load_in_background(Arc::new(Memory), 7).await;
    println!("loaded in a spawned task: {value}");
}
// ANCHOR_END: main
