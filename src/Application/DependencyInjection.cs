using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using PortfolioTracker.Application.Auth;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Common.Behaviours;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Portfolio;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.Transactions;

namespace PortfolioTracker.Application;

public static class DependencyInjection
{
    /// <summary>The mediator, its pipeline (in this order), handlers and validators.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        // One message per field: once a rule fails (e.g. "required"), its later checks would only repeat it.
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;

        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();

        // The pipeline, outermost first: every request gets a span (money movements also their metrics) and is logged,
        // then validated (a 400 stops here and stores nothing), then commands get their transaction; inside it an
        // idempotency key is claimed (or replayed), and refusals are audited.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TelemetryBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(UnitOfWorkBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(IdempotencyBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(RefusalAuditBehaviour<,>));

        services.Scan(scan => scan
            .FromAssemblyOf<TokenPairIssuer>()
            .AddClasses(classes => classes.AssignableTo(typeof(IRequestHandler<,>)), publicOnly: false)
            .AsImplementedInterfaces()
            .WithScopedLifetime()
            .AddClasses(classes => classes.AssignableTo(typeof(IValidator<>)), publicOnly: false)
            .As(type => type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            .WithSingletonLifetime());

        services.AddSingleton<LedgerMetrics>();
        services.AddScoped<TokenPairIssuer>();
        services.AddScoped<AccountAccess>();
        services.AddScoped<Bookkeeper>();
        services.AddScoped<ExistingTransactions>();
        services.AddScoped<IdempotencyContext>();
        services.AddScoped<PriceOracle>();
        services.AddScoped<PortfolioScope>();
        services.AddScoped<CostBases>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
