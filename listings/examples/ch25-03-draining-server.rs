// The program talks to its own server on 127.0.0.1: Miri needs isolation off for sockets.
// miri: -Zmiri-disable-isolation
// ANCHOR: main
use std::collections::BTreeMap;
use std::future::Future;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::AbortHandle;
use tokio::time::{sleep, timeout};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// How long the drain waits for the connections before it cuts them off.
const DRAIN_LIMIT: Duration = Duration::from_millis(500);

/// The server's tasks: a tracker to wait for them, and the name and abort
/// handle of each task still running, so that the drain can say which ones
/// are late and stop them.
#[derive(Default)]
struct Tasks {
    tracker: TaskTracker,
    running: Arc<Mutex<BTreeMap<String, AbortHandle>>>,
}

/// Spawns `task` on the tracker, under `name` until it ends.
fn spawn_named(tasks: &Tasks, name: String, task: impl Future<Output = ()> + Send + 'static) {
    let running = Arc::clone(&tasks.running);
    let key = name.clone();
    // Held while spawning, so that the task's `remove` comes after the
    // `insert`. No code panics while holding it: `unwrap` cannot fail.
    let mut names = tasks.running.lock().unwrap();
    let handle = tasks.tracker.spawn(async move {
        task.await;
        running.lock().unwrap().remove(&key);
    });
    names.insert(name, handle.abort_handle());
}

/// Closes the tracker and waits for every task, at most `limit`; then
/// aborts the tasks still running and returns their names.
async fn drain(tasks: &Tasks, limit: Duration) -> Vec<String> {
    tasks.tracker.close();
    if timeout(limit, tasks.tracker.wait()).await.is_ok() {
        return Vec::new();
    }
    let late = std::mem::take(&mut *tasks.running.lock().unwrap());
    for (name, task) in &late {
        println!("server: {limit:?} deadline passed, aborting {name}");
        task.abort();
    }
    tasks.tracker.wait().await; // until the aborted tasks are dropped
    late.into_keys().collect()
}

/// Serves one connection, a request per line, until the client leaves or
/// the token is cancelled between two requests.
async fn handle(
    mut stream: TcpStream,
    token: CancellationToken,
    in_flight: watch::Sender<usize>,
) -> io::Result<()> {
    let (reader, mut writer) = stream.split();
    let mut lines = BufReader::new(reader).lines();
    writer.write_all(b"ready\n").await?;
    loop {
        // `next_line` is cancel safe: when the token wins, no line is lost.
        let request = tokio::select! {
            line = lines.next_line() => match line? {
                Some(request) => request,
                None => return Ok(()), // the client left
            },
            () = token.cancelled() => {
                writer.write_all(b"closing\n").await?;
                return Ok(());
            }
        };
        if request == "upload" {
            writer.write_all(b"send the file\n").await?;
            // This wait ignores the token: a file that never comes keeps
            // the task alive through any shutdown.
            let file = lines.next_line().await?.unwrap_or_default();
            writer
                .write_all(format!("stored {} bytes\n", file.len()).as_bytes())
                .await?;
            continue;
        }
        // A request in progress is finished, shutdown or not.
        in_flight.send_modify(|count| *count += 1);
        sleep(Duration::from_millis(50)).await; // the work: a query, say
        writer
            .write_all(format!("{request}: done\n").as_bytes())
            .await?;
        in_flight.send_modify(|count| *count -= 1);
    }
}

/// Accepts connections until `shutdown` completes, then tells them to stop
/// and drains them. Returns the names of the tasks it had to cut off.
async fn serve(
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
    in_flight: watch::Sender<usize>,
) -> Vec<String> {
    let token = CancellationToken::new();
    let tasks = Tasks::default();
    let mut accepted = 0;
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            result = listener.accept() => match result {
                Ok((stream, _peer)) => {
                    accepted += 1;
                    let name = format!("connection #{accepted}");
                    let (token, in_flight) = (token.child_token(), in_flight.clone());
                    let log_name = name.clone();
                    spawn_named(&tasks, name, async move {
                        if let Err(error) = handle(stream, token, in_flight).await {
                            println!("server: {log_name} failed: {error}");
                        }
                    });
                }
                Err(error) => {
                    println!("server: accept failed: {error}");
                    sleep(Duration::from_millis(100)).await;
                }
            },
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    println!(
        "server: shutdown begins, {} connection(s) open, {} request(s) in flight",
        tasks.tracker.len(),
        *in_flight.borrow()
    );
    token.cancel();
    let late = drain(&tasks, DRAIN_LIMIT).await;
    println!("server: stopped, {} task(s) cut off", late.len());
    late
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() -> io::Result<()> {
    /// Connects to the server and waits for its greeting.
    async fn connect(address: std::net::SocketAddr) -> io::Result<BufReader<TcpStream>> {
        let mut client = BufReader::new(TcpStream::connect(address).await?);
        let mut greeting = String::new();
        client.read_line(&mut greeting).await?;
        Ok(client)
    }
    /// Reads everything the server sends until it closes the connection.
    async fn rest(mut client: BufReader<TcpStream>) -> io::Result<String> {
        let mut text = String::new();
        client.read_to_string(&mut text).await?;
        Ok(text)
    }

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let shutdown = CancellationToken::new();
    let (in_flight, mut gauge) = watch::channel(0);
    let server = tokio::spawn(serve(
        listener,
        shutdown.clone().cancelled_owned(),
        in_flight,
    ));

    let mut busy = connect(address).await?; // connection #1
    let idle = connect(address).await?; // connection #2
    let mut uploader = connect(address).await?; // connection #3
    uploader.write_all(b"upload\n").await?;
    let mut reply = String::new();
    uploader.read_line(&mut reply).await?;
    println!(
        "uploader: server says {:?}, and the file never comes",
        reply.trim()
    );

    busy.write_all(b"report-7\n").await?;
    gauge
        .wait_for(|&count| count == 1)
        .await
        .expect("the server holds the sender");
    let began = tokio::time::Instant::now();
    shutdown.cancel(); // while report-7 is in flight
    let late = server.await.expect("the server does not panic");
    println!(
        "main: the server stopped {:?} after the shutdown began",
        began.elapsed()
    );

    let (busy, idle, uploader) = (rest(busy).await?, rest(idle).await?, rest(uploader).await?);
    println!("busy client got {busy:?}");
    println!("idle client got {idle:?}");
    println!("uploader got {uploader:?}");
    println!(
        "mid-request connection finished its answer: {}",
        busy.starts_with("report-7: done\n")
    );
    println!(
        "idle connection was told and closed: {}",
        idle == "closing\n"
    );
    println!(
        "connection that ignored the token was cut off: {}",
        late == ["connection #3"] && uploader.is_empty()
    );
    Ok(())
}
// ANCHOR_END: main
