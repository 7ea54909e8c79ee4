// ANCHOR: main
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

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

fn main() {
    let (sender, receiver) = mpsc::channel::<Job>();
    let start = Instant::now();

    let worker = thread::spawn(move || {
        // One worker takes the jobs one after the other, in the order sent.
        for job in receiver {
            let started = start.elapsed();
            thread::sleep(job.work); // stands in for `work` of real computation
            report(&job, started, start.elapsed());
        }
    });

    for job in jobs() {
        sender.send(job).unwrap();
    }
    println!("all jobs queued after {}ms", start.elapsed().as_millis());

    drop(sender); // the worker's loop ends once the queue is empty
    worker.join().unwrap();
}
// ANCHOR_END: main
