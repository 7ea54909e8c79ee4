// ANCHOR: main
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::sleep;

/// Prints if a mirror check is dropped before it finishes.
struct CheckGuard {
    mirror: &'static str,
    finished: bool,
}

impl Drop for CheckGuard {
    fn drop(&mut self) {
        if !self.finished {
            println!("  {} check dropped before it finished", self.mirror);
        }
    }
}

/// Checks one download mirror: it answers after `delay` ms.
async fn check_mirror(mirror: &'static str, delay: u64) -> (&'static str, u64) {
    let mut guard = CheckGuard {
        mirror,
        finished: false,
    };
    sleep(Duration::from_millis(delay)).await;
    guard.finished = true;
    (mirror, delay)
}

const MIRRORS: [(&str, u64); 4] = [("paris", 40), ("tokyo", 90), ("lima", 20), ("oslo", 60)];

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("every result, in the order the tasks finish:");
    let mut checks = JoinSet::new();
    for (mirror, delay) in MIRRORS {
        checks.spawn(check_mirror(mirror, delay));
    }
    while let Some(result) = checks.join_next().await {
        let (mirror, delay) = result.expect("check_mirror cannot panic");
        println!("  {mirror} answered after {delay}ms");
    }

    println!("the fastest one, then abort_all:");
    for (mirror, delay) in MIRRORS {
        checks.spawn(check_mirror(mirror, delay));
    }
    if let Some(Ok((mirror, _))) = checks.join_next().await {
        println!("  using {mirror}");
    }
    checks.abort_all();
    let mut cancelled = 0;
    while let Some(result) = checks.join_next().await {
        if result.is_err_and(|error| error.is_cancelled()) {
            cancelled += 1;
        }
    }
    println!(
        "  cancelled: {cancelled}, left in the set: {}",
        checks.len()
    );

    println!("a set that is dropped:");
    for (mirror, delay) in MIRRORS {
        checks.spawn(check_mirror(mirror, delay));
    }
    sleep(Duration::from_millis(1)).await; // let every check start
    drop(checks); // aborts every task still in the set
    sleep(Duration::from_millis(100)).await;
    println!("  100ms later, main goes on");
}
// ANCHOR_END: main
