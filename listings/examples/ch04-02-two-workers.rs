// ANCHOR: main
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let (sender, receiver) = mpsc::channel::<Job>();
    // The workers share one receiver; the lock lets one of them at a time
    // take the next job.
    let receiver = Arc::new(Mutex::new(receiver));
    let start = Instant::now();

    let mut workers = Vec::new();
    for _ in 0..2 {
        let receiver = Arc::clone(&receiver);
        workers.push(thread::spawn(move || {
            let mut finished = Vec::new();
            loop {
                // The guard is a temporary of this statement: the lock is
                // released before the work starts.
                let next = receiver.lock().unwrap().recv();
                let Ok(job) = next else { break };
                let started = start.elapsed();
                thread::sleep(job.work);
                finished.push((job, started, start.elapsed()));
            }
            finished
        }));
    }

    for job in jobs() {
        sender.send(job).unwrap();
    }
    drop(sender);

    // Collect what both workers did, and report it in queue order.
    let mut finished: Vec<_> = workers
        .into_iter()
        .flat_map(|worker| worker.join().unwrap())
        .collect();
    finished.sort_by_key(|(job, _, _)| job.number);
    for (job, started, done) in &finished {
        report(job, *started, *done);
    }
}
// ANCHOR_END: main

/// A job takes `work` to do and must be done by `deadline`, both counted
/// from the moment the jobs are queued.
struct Job {
    number: usize,
    name: &'static str,
    work: Duration,
    deadline: Duration,
}

fn jobs() -> Vec<Job> {
    let job = |number, name, work_ms, deadline_ms| Job {
        number,
        name,
        work: Duration::from_millis(work_ms),
        deadline: Duration::from_millis(deadline_ms),
    };
    vec![
        job(1, "render report", 60, 500),
        job(2, "rebuild index", 200, 500),
        job(3, "resize images", 150, 390),
        job(4, "send invoice", 20, 410),
    ]
}

fn report(job: &Job, started: Duration, done: Duration) {
    let verdict = if done <= job.deadline {
        "on time".to_string()
    } else {
        format!("late by {}ms", (done - job.deadline).as_millis())
    };
    println!(
        "job {} ({}): started at {}ms, done at {}ms, deadline {}ms: {verdict}",
        job.number,
        job.name,
        started.as_millis(),
        done.as_millis(),
        job.deadline.as_millis()
    );
}
