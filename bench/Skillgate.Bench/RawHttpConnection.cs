using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends prepared requests and reads each answer's status, Server-Timing and body
/// (Content-Length or chunked) — a load generator as light as wrk's, so on a 2-core machine the generator takes little of the
/// CPU the app and PostgreSQL need. The flat-out phases use it; HttpClient stays for everything else.
/// </summary>
internal sealed class RawHttpConnection : IAsyncDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private readonly Socket socket;
    private readonly byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;

    private RawHttpConnection(Socket socket) => this.socket = socket;

    public static async Task<RawHttpConnection> OpenAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return new RawHttpConnection(socket);
    }

    /// <summary>A POST with a JSON body and extra header lines (each ending in CRLF), encoded once and sent many times.</summary>
    public static byte[] Post(int port, string path, string headers, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var head = Encoding.UTF8.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }

    /// <summary>Sends one request and reads its answer: status, the server time from Server-Timing (if any), the body as text.</summary>
    public async Task<(int Status, double? ServerMs, string Body)> SendAsync(byte[] request)
    {
        await socket.SendAsync(request);
        int headerLength;
        while ((headerLength = buffer.AsSpan(start, end - start).IndexOf(HeaderEnd)) < 0)
        {
            await FillAsync();
        }

        var head = Encoding.ASCII.GetString(buffer, start, headerLength);
        start += headerLength + HeaderEnd.Length;
        var status = int.Parse(head.AsSpan(9, 3), provider: null);
        var serverMs = BenchClient.ServerMs(Header(head, "Server-Timing"));
        var body = Header(head, "Content-Length") is { } length ? await ReadExactlyAsync(int.Parse(length, provider: null)) : await ReadChunkedAsync();
        return (status, serverMs, body);
    }

    private static string? Header(string head, string name)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.Length > name.Length + 1 && line[name.Length] == ':' && line.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return null;
    }

    private async Task<string> ReadExactlyAsync(int length)
    {
        while (end - start < length)
        {
            await FillAsync();
        }

        var text = Encoding.UTF8.GetString(buffer, start, length);
        start += length;
        return text;
    }

    private async Task<string> ReadChunkedAsync()
    {
        var body = new StringBuilder();
        while (true)
        {
            int lineLength;
            while ((lineLength = buffer.AsSpan(start, end - start).IndexOf("\r\n"u8)) < 0)
            {
                await FillAsync();
            }

            var size = Convert.ToInt32(Encoding.ASCII.GetString(buffer, start, lineLength).Split(';')[0], 16);
            start += lineLength + 2;
            body.Append(await ReadExactlyAsync(size));
            await ReadExactlyAsync(2);
            if (size == 0)
            {
                return body.ToString();
            }
        }
    }

    private async Task FillAsync()
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            throw new InvalidOperationException($"an answer larger than {buffer.Length} bytes");
        }

        var read = await socket.ReceiveAsync(buffer.AsMemory(end));
        end += read > 0 ? read : throw new IOException("the server closed the connection");
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
