using System.Net;
using System.Net.Sockets;
using Microsoft.IdentityModel.JsonWebTokens;

namespace PortfolioTracker.Api.RateLimiting;

/// <summary>Who a request counts against: the authenticated user, else the client's address.</summary>
internal static class RateLimitClient
{
    /// <summary><c>user:&lt;id&gt;</c> for a valid token, otherwise <c>ip:&lt;address&gt;</c>.</summary>
    public static string KeyOf(HttpContext context)
    {
        var user = context.User;
        return user.Identity?.IsAuthenticated == true && user.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { Length: > 0 } id
            ? $"user:{id}"
            : $"ip:{AddressOf(context)}";
    }

    /// <summary>
    /// The client's address (after <c>X-Forwarded-For</c> from a trusted proxy was applied). An IPv6 client usually
    /// holds a whole /64, so its addresses count as one; an IPv4-mapped IPv6 address counts as the IPv4 address.
    /// </summary>
    public static string AddressOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && !IPAddress.IsLoopback(address))
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return $"{new IPAddress(bytes)}/64";
        }

        return address.ToString();
    }
}
