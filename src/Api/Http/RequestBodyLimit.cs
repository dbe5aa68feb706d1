using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using PortfolioTracker.Api.Http.Problems;

namespace PortfolioTracker.Api.Http;

/// <summary>
/// Refuses request bodies over <see cref="ApiLimitsOptions.MaxRequestBodyBytes"/> with a 413 problem: at once when
/// <c>Content-Length</c> says so, otherwise as soon as a chunked body grows past the limit. Kestrel enforces the
/// same limit; doing it here too makes the answer the same on every server (and in tests).
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<ApiLimitsOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return ApiProblems.WriteAsync(context, ApiProblems.Create(
                context, StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"The request body is larger than {limit} bytes."));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength is null && context.Request.Body.CanRead)
        {
            context.Request.Body = new LimitedStream(context.Request.Body, limit);
        }

        return next(context);
    }

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int bytes)
        {
            read += bytes;
            return read > limit
                ? throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge)
                : bytes;
        }
    }
}
