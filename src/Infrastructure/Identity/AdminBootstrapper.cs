using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Infrastructure.Identity;

/// <summary>
/// Makes sure the configured admin exists, holds the admin role and has the configured password. Safe to run on
/// every start and on several instances at once (a concurrent creation loses on the unique index and is ignored).
/// </summary>
public sealed partial class AdminBootstrapper(
    IServiceScopeFactory scopes,
    IOptions<BootstrapOptions> options,
    TimeProvider clock,
    ILogger<AdminBootstrapper> logger)
{
    public async Task EnsureAdminAsync(CancellationToken cancellationToken)
    {
        var (email, password) = (options.Value.AdminEmail, options.Value.AdminPassword);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            LogNotConfigured(logger);
            return;
        }

        var address = EmailAddress.Create(email);
        if (address.IsFailure)
        {
            throw new InvalidOperationException($"Bootstrap:AdminEmail '{email}' is not a valid e-mail address.");
        }

        var weaknesses = PasswordPolicy.Check(password);
        if (weaknesses.Count > 0)
        {
            throw new InvalidOperationException($"Bootstrap:AdminPassword does not satisfy the password policy: {string.Join(" ", weaknesses)}");
        }

        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var unitOfWork = services.GetRequiredService<IUnitOfWork>();
        var users = services.GetRequiredService<IUserRepository>();
        var hasher = services.GetRequiredService<IPasswordHasher>();
        var auditLog = services.GetRequiredService<IAuditLog>();
        var sessions = services.GetRequiredService<IUserSessions>();

        var result = await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var now = clock.UtcNow();
                var existing = await users.FindByEmailAsync(address.Value.Normalized, ct);
                if (existing is null)
                {
                    var username = await FreeUsernameAsync(users, address.Value, ct);
                    var admin = User.Register(Guid.CreateVersion7(now), username, address.Value, hasher.Hash(password), UserRole.Admin, now);
                    var added = await users.AddAsync(admin, ct);
                    if (added.IsSuccess)
                    {
                        await auditLog.RecordAsync(new AuditEntry("user.bootstrapped", "user", admin.Id.ToString(), After: UserDto.From(admin), SubjectUserId: admin.Id), ct);
                        LogCreated(logger, address.Value.Value, username.Value);
                    }

                    return added;
                }

                var loadedVersion = existing.Version;
                var before = UserDto.From(existing);
                existing.PromoteToAdmin(now);
                if (hasher.Verify(existing.PasswordHash, password) != PasswordCheck.Succeeded)
                {
                    existing.ChangePassword(hasher.Hash(password), now);
                }

                if (existing.Version == loadedVersion)
                {
                    return Result.Success();
                }

                var saved = await users.UpdateAsync(existing, loadedVersion, ct);
                if (saved.IsSuccess)
                {
                    await auditLog.RecordAsync(new AuditEntry("user.bootstrapped", "user", existing.Id.ToString(), Before: before, After: UserDto.From(existing), SubjectUserId: existing.Id), ct);
                    unitOfWork.OnCommitted(() => sessions.Invalidate(existing.Id));
                    LogUpdated(logger, address.Value.Value);
                }

                return saved;
            },
            r => r.IsSuccess,
            cancellationToken);

        if (result.IsFailure)
        {
            // Another instance created or changed the admin at the same moment; it is there now.
            LogConcurrent(logger, result.Error.Code);
        }
    }

    /// <summary>The e-mail's local part reduced to username characters, made unique with a number when taken.</summary>
    private static async Task<Username> FreeUsernameAsync(IUserRepository users, EmailAddress email, CancellationToken cancellationToken)
    {
        var local = email.Value[..email.Value.IndexOf('@', StringComparison.Ordinal)];
        var cleaned = new StringBuilder();
        foreach (var c in local)
        {
            cleaned.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        var stem = cleaned.Length >= Username.MinLength ? cleaned.ToString() : "admin";
        stem = stem[..Math.Min(stem.Length, Username.MaxLength - 6)];
        for (var suffix = 0; ; suffix++)
        {
            var candidate = Username.Create(suffix == 0 ? stem : $"{stem}_{suffix}").Value;
            if (!await users.UsernameExistsAsync(candidate.Normalized, cancellationToken))
            {
                return candidate;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No bootstrap admin configured (Bootstrap:AdminEmail / Bootstrap:AdminPassword): nobody can use admin endpoints until one is")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap admin {Email} (username {Username})")]
    private static partial void LogCreated(ILogger logger, string email, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "Updated the bootstrap admin {Email} (role or password changed)")]
    private static partial void LogUpdated(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Information, Message = "The bootstrap admin was changed concurrently by another instance ({Code}); leaving it as it is")]
    private static partial void LogConcurrent(ILogger logger, string code);
}
