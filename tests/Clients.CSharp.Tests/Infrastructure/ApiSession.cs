using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Clients.CSharp.Tests.Generated;

namespace PortfolioTracker.Clients.CSharp.Tests.Infrastructure;

/// <summary>One client of the API: the generated client on an HttpClient of the in-process server, with its own token.</summary>
public sealed class ApiSession : IDisposable
{
    public const string Password = "Passw0rdCs";

    private readonly HttpClient http;

    public ApiSession(ApiFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Recorder = new ResponseRecorder();
        http = factory.CreateDefaultClient(Recorder);
        Client = new PortfolioTrackerClient(http);
    }

    public PortfolioTrackerClient Client { get; }

    public ResponseRecorder Recorder { get; }

    /// <summary>A unique stem for usernames, e-mails and idempotency keys.</summary>
    public string Suffix { get; } = Guid.NewGuid().ToString("N")[..12];

    public string Email => $"cs.scenario.{Suffix}@example.com";

    /// <summary>Registers a new user and logs in with it; later requests carry its access token.</summary>
    public async Task<TokenPair> RegisterAndLoginAsync()
    {
        await Client.RegisterUserAsync(new RegisterRequest { Username = $"cs_{Suffix}", Email = Email, Password = Password });
        var pair = await Client.LoginAsync(new LoginRequest { Email = Email, Password = Password });
        Recorder.AccessToken = pair.AccessToken;
        return pair;
    }

    public async Task<Account> OpenAccountAsync(string name) =>
        await Client.CreateAccountAsync(new OpenAccountRequest { Name = name });

    public async Task<Transaction> CreditAsync(Account account, string amount, string asset = "USD", string? price = null) =>
        await Client.CreateCreditAsync(new MovementRequest { AccountId = account.Id, Asset = asset, Amount = amount, Price = price });

    public void Dispose()
    {
        http.Dispose();
        Recorder.Dispose();
    }
}
