using MediatR;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Common.Messaging;

/// <summary>Marks a request that changes state: it runs inside one database transaction (the unit of work).</summary>
public interface ICommandBase;

/// <summary>A command that produces nothing but success or an error.</summary>
public interface ICommand : IRequest<Result>, ICommandBase;

/// <summary>A command that produces a <typeparamref name="TResponse"/> or an error.</summary>
public interface ICommand<TResponse> : IRequest<Result<TResponse>>, ICommandBase;
