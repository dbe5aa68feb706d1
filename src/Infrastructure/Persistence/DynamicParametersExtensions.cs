using Dapper;

namespace PortfolioTracker.Infrastructure.Persistence;

internal static class DynamicParametersExtensions
{
    /// <summary>Adds the properties of another object (e.g. an anonymous one) to the parameters.</summary>
    public static DynamicParameters With(this DynamicParameters parameters, object more)
    {
        parameters.AddDynamicParams(more);
        return parameters;
    }
}
