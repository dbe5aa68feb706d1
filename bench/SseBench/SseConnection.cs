using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace SseBench;

/// <summary>What every connection adds to; counters move only while <see cref="Recording"/> is set.</summary>
internal sealed class StreamStats
{
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Time between a client's consecutive events for the first coin: the stream's cadence.</summary>
    public LatencyHistogram Gaps { get; } = new();

    /// <summary>Set for the measurement window.</summary>
    public volatile bool Recording;

    public long Events;
    public long Fresh;
    public long Repeated;
    public long Stale;
    public long Heartbeats;
    public long ErrorEvents;
    public long UnparsedEvents;
    public long Bytes;
    public long NegativeLatencies;
    public long EndedEarly;
}

/// <summary>
/// One SSE client on a raw socket: a hand-written HTTP/1.1 request, the response headers checked, the chunked body
/// decoded and the event stream parsed in place. (HttpClient would work too, but ten thousand of them cost the shared
/// two cores noticeably more.) The receive time of each read is taken once, before parsing, and used for every event
/// in it.
/// </summary>
internal sealed class SseConnection : IDisposable
{
    private const int BufferSize = 4096;

    private static int opened;

    private readonly Socket socket;
    private readonly StreamStats stats;
    private readonly byte[][] coins;
    private readonly long[] lastFetched;
    private readonly byte[] buffer = GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true);

    private bool chunked;
    private ChunkState chunkState;
    private long chunkLeft;

    private byte[] line = new byte[512];
    private int lineLength;
    private byte[] data = new byte[512];
    private int dataLength;
    private bool hasData;
    private EventKind eventKind;
    private long receivedAtTicks;
    private long lastFirstCoinTicks;
    private long lastId;

    private SseConnection(Socket socket, StreamStats stats, byte[][] coins)
    {
        Index = Interlocked.Increment(ref opened) - 1;
        this.socket = socket;
        this.stats = stats;
        this.coins = coins;
        lastFetched = new long[coins.Length];
    }

    private enum ChunkState
    {
        Size,
        Extension,
        Data,
        DataEnd,
        Done,
    }

    private enum EventKind
    {
        Message,
        Price,
        Error,
        Other,
    }

    /// <summary>Where the first few connections write one line per price event (for diagnosis); null for none.</summary>
    public static TextWriter? Trace { get; set; }

    /// <summary>How many connections write to <see cref="Trace"/>.</summary>
    public const int Traced = 3;

    /// <summary>The order in which the connection was made (0 for the first).</summary>
    public int Index { get; }

    /// <summary>Price events this client received during the measurement window.</summary>
    public long WindowEvents { get; private set; }

    /// <summary>Why the stream ended before the client closed it; null while it runs.</summary>
    public string? EndReason { get; private set; }

    public bool Ended => EndReason is not null;

    /// <summary>Numbers the next connection 0 again.</summary>
    public static void ResetIndex() => Interlocked.Exchange(ref opened, 0);

    /// <summary>Connects, sends the request and reads the response headers; throws unless they say 200.</summary>
    public static async Task<SseConnection> OpenAsync(
        EndPoint server, byte[] request, StreamStats stats, byte[][] coins, CancellationToken cancellationToken)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connection = new SseConnection(socket, stats, coins);
        try
        {
            await socket.ConnectAsync(server, cancellationToken);
            await socket.SendAsync(request, SocketFlags.None, cancellationToken);
            await connection.ReadHeadersAsync(cancellationToken);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Reads events until the server ends the stream or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    End("closed by the server");
                    return;
                }

                receivedAtTicks = DateTime.UtcNow.Ticks;
                Body(buffer.AsSpan(0, read));
                if (chunkState == ChunkState.Done)
                {
                    End("the response ended");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                End(e.Message);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            // Reset rather than FIN: ten thousand client ports do not linger in TIME_WAIT between runs.
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    private void End(string reason)
    {
        EndReason = reason;
        Interlocked.Increment(ref stats.EndedEarly);
    }

    private async Task ReadHeadersAsync(CancellationToken cancellationToken)
    {
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                throw new InvalidOperationException("response headers longer than 4 KiB");
            }

            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new InvalidOperationException("connection closed before the response headers");
            }

            filled += read;
            var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                continue;
            }

            var headers = Encoding.ASCII.GetString(buffer, 0, end);
            var statusLine = headers.Split("\r\n", 2)[0];
            var parts = statusLine.Split(' ', 3);
            if (parts.Length < 2 || parts[1] != "200")
            {
                var body = Encoding.UTF8.GetString(buffer, end + 4, filled - end - 4);
                throw new InvalidOperationException($"HTTP {(parts.Length > 1 ? parts[1] : statusLine)}: {Truncate(body, 200)}");
            }

            if (headers.IndexOf("content-type: text/event-stream", StringComparison.OrdinalIgnoreCase) < 0)
            {
                throw new InvalidOperationException("response is not text/event-stream");
            }

            chunked = headers.IndexOf("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase) >= 0;
            receivedAtTicks = DateTime.UtcNow.Ticks;
            Body(buffer.AsSpan(end + 4, filled - end - 4));
            return;
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    /// <summary>Takes body bytes: de-chunks them (when chunked) into the event-stream parser.</summary>
    private void Body(ReadOnlySpan<byte> span)
    {
        if (stats.Recording)
        {
            Interlocked.Add(ref stats.Bytes, span.Length);
        }

        if (!chunked)
        {
            EventStream(span);
            return;
        }

        while (!span.IsEmpty)
        {
            switch (chunkState)
            {
                case ChunkState.Size:
                case ChunkState.Extension:
                {
                    var b = span[0];
                    span = span[1..];
                    if (b == (byte)'\n')
                    {
                        chunkState = chunkLeft == 0 ? ChunkState.Done : ChunkState.Data;
                    }
                    else if (chunkState == ChunkState.Size && HexValue(b) is var hex and >= 0)
                    {
                        chunkLeft = (chunkLeft * 16) + hex;
                    }
                    else if (b == (byte)';')
                    {
                        chunkState = ChunkState.Extension;
                    }

                    break;
                }

                case ChunkState.Data:
                {
                    var take = (int)Math.Min(chunkLeft, span.Length);
                    EventStream(span[..take]);
                    span = span[take..];
                    chunkLeft -= take;
                    if (chunkLeft == 0)
                    {
                        chunkState = ChunkState.DataEnd;
                    }

                    break;
                }

                case ChunkState.DataEnd:
                {
                    var b = span[0];
                    span = span[1..];
                    if (b == (byte)'\n')
                    {
                        chunkState = ChunkState.Size;
                    }

                    break;
                }

                case ChunkState.Done:
                    return;
            }
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>Splits the event stream into lines (LF or CRLF), carrying a partial line over to the next read.</summary>
    private void EventStream(ReadOnlySpan<byte> span)
    {
        while (!span.IsEmpty)
        {
            var newline = span.IndexOf((byte)'\n');
            if (newline < 0)
            {
                Append(ref line, ref lineLength, span);
                return;
            }

            if (lineLength == 0)
            {
                Line(span[..newline]);
            }
            else
            {
                Append(ref line, ref lineLength, span[..newline]);
                Line(line.AsSpan(0, lineLength));
                lineLength = 0;
            }

            span = span[(newline + 1)..];
        }
    }

    private static void Append(ref byte[] target, ref int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > target.Length)
        {
            Array.Resize(ref target, Math.Max(target.Length * 2, length + bytes.Length));
        }

        bytes.CopyTo(target.AsSpan(length));
        length += bytes.Length;
    }

    private void Line(ReadOnlySpan<byte> text)
    {
        if (!text.IsEmpty && text[^1] == (byte)'\r')
        {
            text = text[..^1];
        }

        if (text.IsEmpty)
        {
            Dispatch();
            return;
        }

        if (text[0] == (byte)':')
        {
            if (stats.Recording && text.StartsWith(": heartbeat"u8))
            {
                Interlocked.Increment(ref stats.Heartbeats);
            }

            return;
        }

        var colon = text.IndexOf((byte)':');
        var field = colon < 0 ? text : text[..colon];
        var value = colon < 0 ? [] : text[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (field.SequenceEqual("event"u8))
        {
            eventKind = value.SequenceEqual("price"u8) ? EventKind.Price : value.SequenceEqual("error"u8) ? EventKind.Error : EventKind.Other;
        }
        else if (field.SequenceEqual("id"u8))
        {
            _ = System.Buffers.Text.Utf8Parser.TryParse(value, out lastId, out _);
        }
        else if (field.SequenceEqual("data"u8))
        {
            if (hasData)
            {
                Append(ref data, ref dataLength, "\n"u8);
            }

            Append(ref data, ref dataLength, value);
            hasData = true;
        }
    }

    /// <summary>A blank line ends an event.</summary>
    private void Dispatch()
    {
        if (hasData)
        {
            switch (eventKind)
            {
                case EventKind.Price:
                    Price(data.AsSpan(0, dataLength));
                    break;
                case EventKind.Error when stats.Recording:
                    Interlocked.Increment(ref stats.ErrorEvents);
                    break;
            }
        }

        eventKind = EventKind.Message;
        hasData = false;
        dataLength = 0;
    }

    private void Price(ReadOnlySpan<byte> json)
    {
        var coin = -1;
        long fetched = 0;
        var stale = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.ValueTextEquals("coinId"u8))
                {
                    reader.Read();
                    for (var i = 0; i < coins.Length; i++)
                    {
                        if (reader.ValueTextEquals(coins[i]))
                        {
                            coin = i;
                            break;
                        }
                    }
                }
                else if (reader.ValueTextEquals("fetchedAt"u8))
                {
                    reader.Read();
                    fetched = reader.GetDateTimeOffset().UtcTicks;
                }
                else if (reader.ValueTextEquals("stale"u8))
                {
                    reader.Read();
                    stale = reader.TokenType == JsonTokenType.True;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            coin = -1;
        }

        if (coin < 0 || fetched == 0)
        {
            if (stats.Recording)
            {
                Interlocked.Increment(ref stats.UnparsedEvents);
            }

            return;
        }

        var previous = lastFetched[coin];
        lastFetched[coin] = fetched;
        if (Trace is { } trace && Index < Traced)
        {
            lock (trace)
            {
                trace.WriteLine(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"{Index} {new DateTime(receivedAtTicks, DateTimeKind.Utc):HH:mm:ss.ffffff} id={lastId} coin={coin} fetchedAt={new DateTime(fetched, DateTimeKind.Utc):HH:mm:ss.ffffff} latency_ms={(receivedAtTicks - fetched) / 10_000.0:F1}{(fetched == previous ? " repeated" : string.Empty)}{(stats.Recording ? string.Empty : " (outside window)")}"));
            }
        }

        var lastTick = lastFirstCoinTicks;
        if (coin == 0)
        {
            lastFirstCoinTicks = receivedAtTicks;
        }

        if (!stats.Recording)
        {
            return;
        }

        if (coin == 0 && lastTick != 0)
        {
            stats.Gaps.Record((receivedAtTicks - lastTick) / 10);
        }

        WindowEvents++;
        Interlocked.Increment(ref stats.Events);
        if (stale)
        {
            Interlocked.Increment(ref stats.Stale);
        }

        if (fetched == previous)
        {
            // The same price again (the interval ended before a newer one was published): not a fan-out.
            Interlocked.Increment(ref stats.Repeated);
            return;
        }

        Interlocked.Increment(ref stats.Fresh);
        var micros = (receivedAtTicks - fetched) / 10;
        if (micros < 0)
        {
            Interlocked.Increment(ref stats.NegativeLatencies);
        }

        stats.Latency.Record(micros);
    }
}
