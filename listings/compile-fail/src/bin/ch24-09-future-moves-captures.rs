// ANCHOR: main
use std::future::Future;
use std::time::Duration;

use tokio::time::sleep;

/// The older form: `Fut` is one type, named before any call is made.
async fn count_up<F, Fut>(hosts: &[&str], check: F) -> usize
where
    F: Fn(&str) -> Fut,
    Fut: Future<Output = bool>,
{
    let mut up = 0;
    for host in hosts {
        if check(host).await {
            up += 1;
        }
    }
    up
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let hosts = ["db-1", "db-2", "cache-1"];
    let down = vec!["db-2"];
    let up = count_up(&hosts, |host| async move {
        sleep(Duration::from_millis(10)).await; // stands in for a health check
        let is_up = !down.contains(&host);
        println!("{host}: {}", if is_up { "up" } else { "down" });
        is_up
    })
    .await;
    let total = hosts.len();
    println!("{up} of {total} hosts up; `down` was only borrowed: {down:?}");
}
// ANCHOR_END: main
