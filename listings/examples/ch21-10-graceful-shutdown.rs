// The program talks to its own server on 127.0.0.1: Miri needs isolation off for sockets.
// miri: -Zmiri-disable-isolation
// ANCHOR: main
use std::io::{self, ErrorKind};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

/// Greets the client, reads one request line, answers it.
async fn handle(stream: TcpStream) -> io::Result<()> {
    let mut stream = BufReader::new(stream);
    stream.write_all(b"ready\n").await?;
    let mut request = String::new();
    stream.read_line(&mut request).await?;
    let answer = format!("{}: done\n", request.trim());
    stream.write_all(answer.as_bytes()).await
}

/// Accepts connections until `shutdown` changes, then waits for the
/// connections already accepted. Returns how many requests it served.
async fn serve(listener: TcpListener, mut shutdown: watch::Receiver<bool>) -> usize {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    connections.spawn(handle(stream));
                }
                Err(error) => {
                    // Out of file descriptors, say: the next accept would
                    // fail at once too, so wait before trying again.
                    println!("server: accept failed: {error}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            _ = shutdown.changed() => break,
        }
    }
    drop(listener); // from here on, the port refuses connections
    println!(
        "server: stopped accepting; {} connection(s) open",
        connections.len()
    );
    let mut served = 0;
    while let Some(result) = connections.join_next().await {
        match result {
            Ok(Ok(())) => served += 1,
            Ok(Err(error)) => println!("server: connection failed: {error}"),
            Err(error) => println!("server: connection task failed: {error}"),
        }
    }
    served
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let (stop, shutdown) = watch::channel(false);
    let server = tokio::spawn(serve(listener, shutdown));

    // A slow client: it connects, then sends its request only after the
    // shutdown has begun.
    let mut client = BufReader::new(TcpStream::connect(address).await?);
    let mut greeting = String::new();
    client.read_line(&mut greeting).await?;
    println!("client: server says {:?}", greeting.trim());

    stop.send(true)
        .expect("the server is listening for the signal");
    println!("main: shutdown signalled");

    client.write_all(b"report-7\n").await?;
    let mut answer = String::new();
    if let Err(error) = client.read_to_string(&mut answer).await {
        println!("client: reading the answer failed: {error}");
    }
    println!("client: server says {:?}", answer.trim());

    let served = server.await.expect("the server cannot panic");
    println!("server: finished, {served} request(s) served");
    println!(
        "in-flight request completed: {}",
        answer == "report-7: done\n"
    );

    let refused = match TcpStream::connect(address).await {
        Ok(_) => false,
        Err(error) => error.kind() == ErrorKind::ConnectionRefused,
    };
    println!("new connection after shutdown refused: {refused}");
    Ok(())
}
// ANCHOR_END: main
