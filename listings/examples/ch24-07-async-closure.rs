// ANCHOR: main
use std::time::Duration;

use tokio::time::sleep;

/// Checks the hosts one after another; returns how many are up.
async fn count_up(hosts: &[&str], check: impl AsyncFn(&str) -> bool) -> usize {
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
    let up = count_up(&hosts, async |host| {
        sleep(Duration::from_millis(10)).await; // stands in for a health check
        let is_up = !down.contains(&host); // borrows `down`, and `host` after the `.await`
        println!("{host}: {}", if is_up { "up" } else { "down" });
        is_up
    })
    .await;
    let total = hosts.len();
    println!("{up} of {total} hosts up; `down` was only borrowed: {down:?}");
}
// ANCHOR_END: main
