using MediatR;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Common.Messaging;

/// <summary>A request that only reads: no transaction, no side effects.</summary>
public interface IQuery<TResponse> : IRequest<Result<TResponse>>;
