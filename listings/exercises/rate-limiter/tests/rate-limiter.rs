//! Run with `cargo test -p rate-limiter`.
//!
//! Every test runs on Tokio's paused clock (`start_paused = true`): when
//! every task waits, the clock jumps to the next timer, so a `sleep`
//! returns without waiting in real time and every instant below is exact.

use std::future::Future;
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use rate_limiter::{Limiter, RunError};
use tokio::time::{Instant, sleep, timeout};

/// How long a test may take on the paused clock before it fails. A limiter
/// whose `run` waits forever (for a permit, a channel, a timer) leaves the
/// runtime with nothing to do but this timer, so the clock jumps to it at
/// once, and the test fails instead of hanging.
const WHOLE: Duration = Duration::from_secs(60);

/// How long a test may take in real time. A limiter that spins in a loop
/// (`yield_now`) or blocks its thread always leaves the runtime work to do,
/// so the paused clock never reaches `WHOLE`: the watchdog then ends the
/// whole test run.
const REAL: Duration = Duration::from_secs(30);

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

/// Milliseconds from `zero` to now, on Tokio's clock.
fn since(zero: Instant) -> u128 {
    zero.elapsed().as_millis()
}

/// Awaits `test`, and fails instead of waiting forever.
async fn within_limit<T>(test: impl Future<Output = T>) -> T {
    let _alive = watchdog();
    timeout(WHOLE, test)
        .await
        .unwrap_or_else(|_elapsed| panic!("the test did not end within {WHOLE:?}"))
}

/// Starts a thread that ends the process, with a message, unless the
/// returned sender is dropped within `REAL`. A test cannot fail from
/// another thread, and the thread that spins cannot check the time. Not
/// under Miri, which runs far slower than real time.
fn watchdog() -> Option<mpsc::Sender<()>> {
    if cfg!(miri) {
        return None;
    }
    let test = thread::current().name().unwrap_or("a test").to_owned();
    let (alive, watched) = mpsc::channel::<()>();
    thread::spawn(move || {
        if let Err(RecvTimeoutError::Timeout) = watched.recv_timeout(REAL) {
            // Not `eprintln!`: the test harness captures what it prints,
            // and would never show it.
            let _ = writeln!(
                io::stderr(),
                "{test} did not end within {REAL:?} of real time: \
                 does the limiter spin in a loop or block its thread?"
            );
            std::process::exit(1);
        }
    });
    Some(alive)
}

/// Calls `limiter.run` once for each `(at, length)` of `jobs`, each from a
/// task of its own that waits until `at` ms before it calls. Each job notes
/// when it starts, sleeps `length` ms, and returns its index. Returns the
/// instants at which the jobs started, in ms and in increasing order.
async fn start_times(limiter: Limiter, jobs: &[(u64, u64)]) -> Vec<u128> {
    let limiter = Arc::new(limiter);
    let zero = Instant::now();
    let mut callers = Vec::new();
    for (index, &(at, length)) in jobs.iter().enumerate() {
        let limiter = Arc::clone(&limiter);
        callers.push(tokio::spawn(async move {
            sleep(ms(at)).await;
            let job = async move {
                let started = since(zero);
                sleep(ms(length)).await;
                (index, started)
            };
            limiter.run(job).await
        }));
    }
    let mut starts = Vec::new();
    for (index, caller) in callers.into_iter().enumerate() {
        let output = caller.await.expect("the caller's task does not panic");
        let (returned, started) = output.expect("the job does not panic");
        assert_eq!(returned, index, "run returned another job's output");
        starts.push(started);
    }
    starts.sort_unstable();
    starts
}

#[tokio::test(start_paused = true)]
async fn run_returns_the_output_of_its_job() {
    within_limit(async {
        let limiter = Limiter::new(2, 10, ms(100));
        assert_eq!(limiter.run(async { 6 * 7 }).await, Ok(42));
        let greeting = limiter.run(async { String::from("hello") }).await;
        assert_eq!(greeting.as_deref(), Ok("hello"));
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn no_more_jobs_in_flight_than_the_limit() {
    within_limit(async {
        // A rate far above what these jobs need: only the limit in flight
        // holds them back.
        let limiter = Arc::new(Limiter::new(3, 100, ms(100)));
        let now = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut callers = Vec::new();
        for index in 0..10_u64 {
            let (limiter, now, most) = (Arc::clone(&limiter), Arc::clone(&now), Arc::clone(&most));
            callers.push(tokio::spawn(async move {
                limiter
                    .run(async move {
                        let running = now.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(running, Ordering::SeqCst);
                        sleep(ms(10 + 5 * index)).await;
                        now.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
            }));
        }
        for caller in callers {
            let output = caller.await.expect("the caller's task does not panic");
            assert_eq!(output, Ok(()));
        }
        let most = most.load(Ordering::SeqCst);
        assert!(
            most <= 3,
            "{most} jobs ran at the same time; the limit is 3"
        );
        assert_eq!(most, 3, "the limiter never ran 3 jobs at the same time");
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn starts_follow_the_rate() {
    within_limit(async {
        // Two starts per 100 ms, and room for every job in flight: five
        // jobs of 10 ms start two by two, 100 ms apart.
        let starts = start_times(Limiter::new(10, 2, ms(100)), &[(0, 10); 5]).await;
        assert_eq!(starts, [0, 0, 100, 100, 200], "when the jobs started (ms)");
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn the_rate_holds_in_any_span_of_one_period() {
    within_limit(async {
        // Two starts per 100 ms. One job starts at 0, three are asked for
        // at 90: one starts at once, one at 100, when the start of time 0
        // is a period old, and the last at 190. Starting two at 100 would
        // make three starts between 90 and 190.
        let jobs = [(0, 10), (90, 10), (90, 10), (90, 10)];
        let starts = start_times(Limiter::new(10, 2, ms(100)), &jobs).await;
        assert_eq!(starts, [0, 90, 100, 190], "when the jobs started (ms)");
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_start_counts_from_the_moment_its_job_starts() {
    within_limit(async {
        // One job in flight, three starts per 100 ms. The job of time 0
        // holds the place until 80, so the job asked for at 0 too starts
        // at 80, and its start counts until 180, not from when it was
        // asked for. With the start of 95, and that of 105 (the start of
        // time 0 is a period old at 100), the rate is full until 180.
        let jobs = [(0, 80), (0, 10), (95, 10), (100, 10), (100, 10)];
        let starts = start_times(Limiter::new(1, 3, ms(100)), &jobs).await;
        assert_eq!(starts, [0, 80, 95, 105, 180], "when the jobs started (ms)");
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn both_limits_hold_at_once() {
    within_limit(async {
        // Two jobs in flight, three starts per 100 ms, eight jobs of 30 ms.
        // At 0 two start, and the third must wait for a place; at 30 it
        // starts, the rate's third start. The next two wait for the rate:
        // at 100 the starts of time 0 are a period old. At 130 so is the
        // start of time 30; the last two start at 200.
        let starts = start_times(Limiter::new(2, 3, ms(100)), &[(0, 30); 8]).await;
        assert_eq!(
            starts,
            [0, 0, 30, 100, 100, 130, 200, 200],
            "when the jobs started (ms)"
        );
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_job_that_panics_gives_its_place_back() {
    within_limit(async {
        let limiter = Arc::new(Limiter::new(1, 10, ms(100)));
        let zero = Instant::now();
        let panicking = {
            let limiter = Arc::clone(&limiter);
            tokio::spawn(async move {
                limiter
                    .run(async {
                        sleep(ms(10)).await;
                        panic!("the job fails");
                    })
                    .await
            })
        };
        let next = {
            let limiter = Arc::clone(&limiter);
            tokio::spawn(async move { limiter.run(async move { since(zero) }).await })
        };
        let panicked = panicking.await.expect("run catches the job's panic");
        assert_eq!(panicked, Err(RunError::Panicked));
        let started = next.await.expect("the caller's task does not panic");
        assert_eq!(
            started,
            Ok(10),
            "the next job should start when the first panics, at 10 ms"
        );
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_cancelled_job_gives_its_place_back() {
    within_limit(async {
        let limiter = Limiter::new(1, 10, ms(100));
        let zero = Instant::now();
        let finished = Arc::new(AtomicBool::new(false));
        let slow = {
            let finished = Arc::clone(&finished);
            limiter.run(async move {
                sleep(ms(100)).await;
                finished.store(true, Ordering::SeqCst);
            })
        };
        // `timeout` drops `slow` at 30 ms, while its job sleeps.
        assert!(timeout(ms(30), slow).await.is_err());
        let started = limiter.run(async move { since(zero) }).await;
        assert_eq!(
            started,
            Ok(30),
            "the next job should start when the first is cancelled, at 30 ms"
        );
        sleep(ms(200)).await;
        assert!(
            !finished.load(Ordering::SeqCst),
            "the cancelled job went on running after its run was dropped"
        );
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_job_that_panics_or_is_cancelled_still_counts_against_the_rate() {
    within_limit(async {
        // One job in flight, three starts per 100 ms.
        let limiter = Limiter::new(1, 3, ms(100));
        let zero = Instant::now();
        // The first start, at 0: the job panics at 10.
        let panicked = limiter
            .run(async {
                sleep(ms(10)).await;
                panic!("the job fails");
            })
            .await;
        assert_eq!(panicked, Err(RunError::Panicked));
        // The second, at 10: `timeout` drops its `run` at 30.
        assert!(timeout(ms(20), limiter.run(sleep(ms(100)))).await.is_err());
        // The third, at 30, uses the last start of the period.
        let third = limiter.run(async move { since(zero) }).await;
        assert_eq!(third, Ok(30), "when the third job started (ms)");
        // The fourth waits until the start of time 0 is a period old.
        let fourth = limiter.run(async move { since(zero) }).await;
        assert_eq!(
            fourth,
            Ok(100),
            "the fourth job should start at 100 ms: the starts of the jobs that panicked or were cancelled still count"
        );
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn close_lets_the_jobs_before_it_end_and_refuses_the_rest() {
    within_limit(async {
        let limiter = Arc::new(Limiter::new(1, 10, ms(100)));
        let zero = Instant::now();
        // A task that calls `run` at `at` ms, with a job that runs for
        // 50 ms and returns when it started; and a flag the job sets.
        let job_at = |at: u64| {
            let limiter = Arc::clone(&limiter);
            let ran = Arc::new(AtomicBool::new(false));
            let flag = Arc::clone(&ran);
            let caller = tokio::spawn(async move {
                sleep(ms(at)).await;
                let job = async move {
                    flag.store(true, Ordering::SeqCst);
                    let started = since(zero);
                    sleep(ms(50)).await;
                    started
                };
                limiter.run(job).await
            });
            (caller, ran)
        };
        // The first job runs from 0 to 50 ms; the second, asked for at 10,
        // waits for the place, and runs from 50 to 100.
        let (first, _) = job_at(0);
        let (second, _) = job_at(10);
        // The third is asked for at 30, while `close` waits.
        let (third, third_ran) = job_at(30);
        sleep(ms(20)).await;
        limiter.close().await;
        assert_eq!(
            since(zero),
            100,
            "close should return at 100 ms, when the jobs asked for before it have ended"
        );
        let first = first.await.expect("the caller's task does not panic");
        let second = second.await.expect("the caller's task does not panic");
        let third = third.await.expect("the caller's task does not panic");
        assert_eq!(
            [first, second],
            [Ok(0), Ok(50)],
            "when the first two started (ms)"
        );
        assert_eq!(
            third,
            Err(RunError::Closed),
            "the job asked for after close"
        );
        assert!(
            !third_ran.load(Ordering::SeqCst),
            "a job refused by close ran"
        );
        // A job asked for once the limiter is closed is refused at once.
        let (fourth, fourth_ran) = job_at(0);
        let fourth = fourth.await.expect("the caller's task does not panic");
        assert_eq!(
            fourth,
            Err(RunError::Closed),
            "the job asked for once closed"
        );
        assert!(
            !fourth_ran.load(Ordering::SeqCst),
            "a job refused by close ran"
        );
        assert_eq!(
            since(zero),
            100,
            "run waited although the limiter is closed"
        );
    })
    .await;
}
