using System.Net.Http.Headers;

namespace PortfolioTracker.Clients.CSharp.Tests.Infrastructure;

/// <summary>
/// Sits between the generated client and the server: sends the session's bearer token and remembers the last response's
/// status and headers (the generated client returns only bodies; <c>Location</c> and <c>Idempotent-Replayed</c> are
/// headers).
/// </summary>
public sealed class ResponseRecorder : DelegatingHandler
{
    public string? AccessToken { get; set; }

    public int LastStatus { get; private set; }

    public HttpResponseHeaders? LastHeaders { get; private set; }

    /// <summary>The last response's header, or null when it had none.</summary>
    public string? LastHeader(string name) =>
        LastHeaders is not null && LastHeaders.TryGetValues(name, out var values) ? string.Join(',', values) : null;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (AccessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        LastStatus = (int)response.StatusCode;
        LastHeaders = response.Headers;
        return response;
    }
}
