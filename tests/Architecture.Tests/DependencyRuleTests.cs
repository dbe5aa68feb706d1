using System.Reflection;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Routing;
using PortfolioTracker.Api.Controllers;
using PortfolioTracker.Application.Common.Messaging;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Infrastructure.Persistence.Migrations;

namespace PortfolioTracker.Architecture.Tests;

/// <summary>The dependency rule of the layers, checked on the compiled assemblies.</summary>
public sealed class DependencyRuleTests
{
    private static readonly Assembly Domain = typeof(Result).Assembly;
    private static readonly Assembly Application = typeof(ICommandBase).Assembly;
    private static readonly Assembly Infrastructure = typeof(MigrationRunner).Assembly;
    private static readonly Assembly Api = typeof(ApiControllerBase).Assembly;

    [Fact]
    public void Domain_ReferencesNothingButTheBaseLibrary()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldNotBeEmpty();
        references.Where(name => !name.StartsWith("System", StringComparison.Ordinal) && name != "netstandard").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("PortfolioTracker.Infrastructure")]
    [InlineData("PortfolioTracker.Api")]
    [InlineData("Npgsql")]
    [InlineData("Dapper")]
    [InlineData("Polly.Core")]
    [InlineData("Microsoft.AspNetCore")]
    public void Application_DoesNotDependOn(string forbidden) =>
        Application.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => name == forbidden || name.StartsWith(forbidden + ".", StringComparison.Ordinal))
            .ShouldBeEmpty();

    [Fact]
    public void Application_DependsOnlyOnTheDomainAmongOurAssemblies() =>
        Application.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => name.StartsWith("PortfolioTracker", StringComparison.Ordinal))
            .ShouldBe(["PortfolioTracker.Domain"]);

    [Fact]
    public void Infrastructure_DoesNotDependOnTheApi() =>
        Infrastructure.GetReferencedAssemblies().Select(a => a.Name!).ShouldNotContain("PortfolioTracker.Api");

    [Fact]
    public void DomainTypes_ExposeNoPublicSetters()
    {
        var setters = Domain.GetTypes()
            .Where(t => t.IsClass && !IsCompilerGenerated(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(p => p.SetMethod is { IsPublic: true } && !IsInitOnly(p))
                .Select(p => $"{t.Name}.{p.Name}"))
            .ToList();

        setters.ShouldBeEmpty();
    }

    [Fact]
    public void Handlers_AreInternalAndSealed()
    {
        var handlers = Application.GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)))
            .ToList();

        handlers.ShouldNotBeEmpty();
        handlers.Where(t => t.IsPublic || !t.IsSealed).Select(t => t.Name).ShouldBeEmpty();
    }

    [Fact]
    public void CommandsAndQueries_AreSealedAndHaveAHandler()
    {
        var requests = Application.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)))
            .ToList();
        var handled = Application.GetTypes()
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>))
            .Select(i => i.GetGenericArguments()[0])
            .ToHashSet();

        requests.ShouldNotBeEmpty();
        requests.Where(t => !t.IsSealed).Select(t => t.Name).ShouldBeEmpty();
        requests.Where(t => !handled.Contains(t)).Select(t => t.Name).ShouldBeEmpty();
    }

    [Fact]
    public void EveryControllerAction_DeclaresWhoMayCallIt()
    {
        var undeclared = Api.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ControllerBase)) && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.GetCustomAttributes<HttpMethodAttribute>().Any())
                .Where(m => !Declares(m) && !Declares(t))
                .Select(m => $"{t.Name}.{m.Name}"))
            .ToList();

        undeclared.ShouldBeEmpty();
    }

    [Fact]
    public void EveryControllerAction_HasAStableCamelCaseOperationId()
    {
        var names = Api.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ControllerBase)) && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetCustomAttributes<HttpMethodAttribute>())
            .Select(a => a.Name)
            .ToList();

        names.ShouldNotBeEmpty();
        names.ShouldAllBe(name => name != null && name.Length > 0 && char.IsLower(name[0]) && name.All(char.IsLetterOrDigit));
        names.Distinct().Count().ShouldBe(names.Count);
    }

    private static bool Declares(MemberInfo member) =>
        member.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Any() || member.GetCustomAttributes<AllowAnonymousAttribute>(inherit: true).Any();

    private static bool IsCompilerGenerated(Type type) =>
        type.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is not null || type.Name.Contains('<', StringComparison.Ordinal);

    private static bool IsInitOnly(PropertyInfo property) =>
        property.SetMethod!.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit));
}
