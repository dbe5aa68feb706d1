using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace PortfolioTracker.Infrastructure.Identity;

/// <summary>
/// The key access tokens are signed and checked with. Outside Development a missing or weak configured key stops
/// start-up; in Development a random one is generated (with a warning).
/// </summary>
public sealed partial class JwtSigningKey
{
    public const int MinimumBytes = 32;

    public JwtSigningKey(IOptions<JwtOptions> options, IHostEnvironment environment, ILogger<JwtSigningKey> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = options.Value.SigningKey;
        var problem = Weakness(configured);
        byte[] bytes;
        if (problem is null)
        {
            bytes = Encoding.UTF8.GetBytes(configured!);
        }
        else if (environment.IsDevelopment())
        {
            LogGenerated(logger, problem);
            bytes = RandomNumberGenerator.GetBytes(64);
        }
        else
        {
            throw new InvalidOperationException(
                $"Jwt:SigningKey (env Jwt__SigningKey) {problem}. Refusing to start in {environment.EnvironmentName}: " +
                "set a random key of at least 32 bytes, e.g. `openssl rand -base64 48`.");
        }

        Key = new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
        Credentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256);
    }

    public SymmetricSecurityKey Key { get; }

    public SigningCredentials Credentials { get; }

    /// <summary>Why <paramref name="key"/> is not acceptable, or null when it is.</summary>
    public static string? Weakness(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return "is not set";
        }

        if (Encoding.UTF8.GetByteCount(key) < MinimumBytes)
        {
            return $"is shorter than {MinimumBytes} bytes";
        }

        if (key.Distinct().Count() < 8)
        {
            return "has too little variety to be a random key";
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Jwt:SigningKey {Problem}: using a random key for this Development run; tokens will not survive a restart")]
    private static partial void LogGenerated(ILogger logger, string problem);
}
