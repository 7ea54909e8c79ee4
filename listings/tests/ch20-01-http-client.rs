// The test talks to a server on 127.0.0.1: Miri needs isolation off for sockets.
// miri: -Zmiri-disable-isolation
// ANCHOR: client
use std::io;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends `GET path` to `host:port` over HTTP/1.1 and returns the whole
/// response: status line, headers and body.
async fn http_get(host: &str, port: u16, path: &str) -> io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect((host, port)).await?;
    // `Host` names the server as the URL does: with its port, unless that
    // is HTTP's default, 80. `Connection: close` asks the server to close
    // the connection after its response; that close ends `read_to_end`.
    let server = if port == 80 {
        host.to_string()
    } else {
        format!("{host}:{port}")
    };
    let request = format!("GET {path} HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;

    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    Ok(response)
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let response = http_get("example.com", 80, "/").await?;
    let text = String::from_utf8_lossy(&response);
    println!("{}", text.lines().next().unwrap_or("(empty response)"));
    Ok(())
}
// ANCHOR_END: client

// ANCHOR: test
#[tokio::test]
async fn http_get_asks_to_close_and_reads_the_whole_response() -> io::Result<()> {
    use std::time::Duration;
    use tokio::net::TcpListener;

    const RESPONSE: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    // A local stand-in for the web server; port 0 lets the OS pick a free port.
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await?;
        let mut request = Vec::new();
        let mut buffer = [0; 1024];
        while !request.ends_with(b"\r\n\r\n") {
            let read = socket.read(&mut buffer).await?;
            if read == 0 {
                break;
            }
            request.extend_from_slice(&buffer[..read]);
        }
        let request = String::from_utf8_lossy(&request).into_owned();
        socket.write_all(RESPONSE).await?;
        // Like a real HTTP/1.1 server, keep the connection open for more
        // requests unless the client asked to close it.
        if !request.contains("\r\nConnection: close\r\n") {
            tokio::time::sleep(Duration::from_secs(10)).await;
        }
        io::Result::Ok(request)
    });

    // Without `Connection: close`, the client would still be waiting after 3 s.
    let response = tokio::time::timeout(Duration::from_secs(3), http_get("127.0.0.1", port, "/"))
        .await
        .expect("read_to_end is still waiting for the server to close")?;
    let request = server.await??;

    assert!(request.starts_with("GET / HTTP/1.1\r\n"));
    assert!(request.contains(&format!("\r\nHost: 127.0.0.1:{port}\r\n")));
    assert!(request.contains("\r\nConnection: close\r\n"));
    assert_eq!(response, RESPONSE);
    Ok(())
}
// ANCHOR_END: test
