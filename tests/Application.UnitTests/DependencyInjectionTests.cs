using System.Diagnostics.Metrics;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Audit;
using PortfolioTracker.Application.Auth;
using PortfolioTracker.Application.Auth.Commands.Login;
using PortfolioTracker.Application.Auth.Commands.Logout;
using PortfolioTracker.Application.Auth.Commands.Refresh;
using PortfolioTracker.Application.Auth.Commands.Register;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Behaviours;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Application.Portfolio;
using PortfolioTracker.Application.Portfolio.Queries.GetPerformance;
using PortfolioTracker.Application.Portfolio.Queries.GetPortfolio;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.Prices.Streaming;
using PortfolioTracker.Application.Prices.Streaming.OpenPriceStream;
using PortfolioTracker.Application.Portfolio.Streaming;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Application.Users.Commands.DeleteUser;
using PortfolioTracker.Application.Users.Commands.UpdateUser;
using PortfolioTracker.Application.Users.Queries.GetUser;
using PortfolioTracker.Application.Users.Queries.ListUsers;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests;

public sealed class DependencyInjectionTests : IDisposable
{
    private readonly IUserRepository users = Substitute.For<IUserRepository>();
    private readonly IUnitOfWork unitOfWork = Substitute.For<IUnitOfWork>();
    private readonly IPasswordHasher hasher = Substitute.For<IPasswordHasher>();
    private readonly ServiceProvider provider;
    private readonly IServiceScope scope;

    public DependencyInjectionTests()
    {
        var services = new ServiceCollection();
        services.AddApplication();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(users);
        services.AddSingleton(Substitute.For<IRefreshTokenRepository>());
        services.AddSingleton(Substitute.For<IUserQueries>());
        services.AddSingleton(hasher);
        services.AddSingleton(TokenServices.Create(new RefreshSecret("t", "h")));
        services.AddSingleton(Substitute.For<IUserSessions>());
        services.AddSingleton(unitOfWork);
        services.AddSingleton<IMeterFactory>(new TestMeterFactory());
        services.AddSingleton(Substitute.For<IAuditLog>());
        services.AddSingleton(CurrentUsers.Admin());
        services.AddSingleton(Substitute.For<IAssetCatalog>());
        services.AddSingleton(Substitute.For<IAssetRepository>());
        services.AddSingleton(Substitute.For<IAccountRepository>());
        services.AddSingleton(Substitute.For<IAccountQueries>());
        services.AddSingleton(Substitute.For<ILedgerRepository>());
        services.AddSingleton(Substitute.For<ITransactionQueries>());
        services.AddSingleton(Substitute.For<IAuditQueries>());
        services.AddSingleton(Substitute.For<IIdempotencyStore>());
        services.AddSingleton(Substitute.For<IMarketData>());
        services.AddSingleton(Substitute.For<IPriceTicks>());
        services.AddSingleton(Substitute.For<IPortfolioQueries>());
        provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        scope = provider.CreateScope();
    }

    [Fact]
    public void AddApplication_WhenResolvingTheRegisterHandler_ReturnsTheRegisterUserCommandHandler() =>
        Resolve<IRequestHandler<RegisterUserCommand, Result<UserDto>>>().ShouldBeOfType<RegisterUserCommandHandler>();

    public static TheoryData<Type, Type> Handlers => new()
    {
        { typeof(IRequestHandler<RegisterUserCommand, Result<UserDto>>), typeof(RegisterUserCommandHandler) },
        { typeof(IRequestHandler<LoginCommand, Result<TokenPairDto>>), typeof(LoginCommandHandler) },
        { typeof(IRequestHandler<RefreshTokensCommand, Result<TokenPairDto>>), typeof(RefreshTokensCommandHandler) },
        { typeof(IRequestHandler<LogoutCommand, Result>), typeof(LogoutCommandHandler) },
        { typeof(IRequestHandler<UpdateUserCommand, Result<UserDto>>), typeof(UpdateUserCommandHandler) },
        { typeof(IRequestHandler<DeleteUserCommand, Result>), typeof(DeleteUserCommandHandler) },
        { typeof(IRequestHandler<GetUserQuery, Result<UserDto>>), typeof(GetUserQueryHandler) },
        { typeof(IRequestHandler<GetPortfolioQuery, Result<PortfolioDto>>), typeof(GetPortfolioQueryHandler) },
        { typeof(IRequestHandler<GetPerformanceQuery, Result<PerformanceDto>>), typeof(GetPerformanceQueryHandler) },
        { typeof(IRequestHandler<OpenPriceStreamQuery, Result<PriceStreamSession>>), typeof(OpenPriceStreamQueryHandler) },
        { typeof(IRequestHandler<OpenPortfolioStreamQuery, Result<PortfolioStreamSession>>), typeof(OpenPortfolioStreamQueryHandler) },
        { typeof(IRequestHandler<ListUsersQuery, Result<Page<UserDto>>>), typeof(ListUsersQueryHandler) },
    };

    [Theory]
    [MemberData(nameof(Handlers))]
    public void AddApplication_WhenResolvingEachHandler_ReturnsItsImplementation(Type service, Type implementation) =>
        scope.ServiceProvider.GetRequiredService(service).ShouldBeOfType(implementation);

    [Fact]
    public void AddApplication_WhenResolvingThePipeline_OrdersTelemetryLoggingValidationUnitOfWorkIdempotencyRefusalAudit()
    {
        var behaviours = Resolve<IEnumerable<IPipelineBehavior<RegisterUserCommand, Result<UserDto>>>>();

        behaviours.Select(b => b.GetType()).ShouldBe(
        [
            typeof(TelemetryBehaviour<RegisterUserCommand, Result<UserDto>>),
            typeof(LoggingBehaviour<RegisterUserCommand, Result<UserDto>>),
            typeof(ValidationBehaviour<RegisterUserCommand, Result<UserDto>>),
            typeof(UnitOfWorkBehaviour<RegisterUserCommand, Result<UserDto>>),
            typeof(IdempotencyBehaviour<RegisterUserCommand, Result<UserDto>>),
            typeof(RefusalAuditBehaviour<RegisterUserCommand, Result<UserDto>>),
        ]);
    }

    [Fact]
    public void AddApplication_WhenResolvingTheRegisterValidator_ReturnsRegisterUserCommandValidator() =>
        Resolve<IValidator<RegisterUserCommand>>().ShouldBeOfType<RegisterUserCommandValidator>();

    public static TheoryData<Type, Type> Validators => new()
    {
        { typeof(IValidator<RegisterUserCommand>), typeof(RegisterUserCommandValidator) },
        { typeof(IValidator<LoginCommand>), typeof(LoginCommandValidator) },
        { typeof(IValidator<RefreshTokensCommand>), typeof(RefreshTokensCommandValidator) },
        { typeof(IValidator<LogoutCommand>), typeof(LogoutCommandValidator) },
        { typeof(IValidator<UpdateUserCommand>), typeof(UpdateUserCommandValidator) },
        { typeof(IValidator<ListUsersQuery>), typeof(ListUsersQueryValidator) },
    };

    [Theory]
    [MemberData(nameof(Validators))]
    public void AddApplication_WhenResolvingValidators_RegistersExactlyOnePerRequest(Type service, Type implementation)
    {
        var all = scope.ServiceProvider.GetServices(service).ToList();

        all.ShouldHaveSingleItem().ShouldBeOfType(implementation);
    }

    [Fact]
    public void AddApplication_WhenResolvingTheTimeProvider_ReturnsTheSystemClock() =>
        Resolve<TimeProvider>().ShouldBeSameAs(TimeProvider.System);

    [Fact]
    public async Task Mediator_WhenCommandIsInvalid_AnswersValidationFailedBeforeAnyTransactionOrHandler()
    {
        var mediator = Resolve<IMediator>();

        var result = await mediator.Send(new RegisterUserCommand("x", "not-an-address", "weak"));

        result.Error.Code.ShouldBe("validation_failed");
        result.Error.FieldErrors!.Keys.ShouldBe(["username", "email", "password"], ignoreOrder: true);
        unitOfWork.ReceivedCalls().ShouldBeEmpty();
        await users.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
        hasher.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Mediator_WhenCommandIsValid_RunsTheHandlerInsideTheUnitOfWork()
    {
        unitOfWork.ExecuteAsync(Arg.Any<Func<CancellationToken, Task<Result<UserDto>>>>(), Arg.Any<Func<Result<UserDto>, bool>>(), Arg.Any<CancellationToken>())
            .Returns(call => call.Arg<Func<CancellationToken, Task<Result<UserDto>>>>()(call.Arg<CancellationToken>()));
        users.AddAsync(Arg.Any<User>(), Arg.Any<CancellationToken>()).Returns(Result.Success());
        hasher.Hash("Password1").Returns("hashed");
        var mediator = Resolve<IMediator>();

        var result = await mediator.Send(new RegisterUserCommand("alice", "alice@example.com", "Password1"));

        result.IsSuccess.ShouldBeTrue();
        result.Value.Username.ShouldBe("alice");
        await users.Received(1).AddAsync(Arg.Is<User>(u => u.PasswordHash == "hashed"), Arg.Any<CancellationToken>());
    }

    public void Dispose()
    {
        scope.Dispose();
        provider.Dispose();
    }

    private T Resolve<T>()
        where T : notnull => scope.ServiceProvider.GetRequiredService<T>();
}
