using Npgsql;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Ledger;

namespace PortfolioTracker.Api.IntegrationTests.Operations;

/// <summary>
/// The benchmark's reference endpoints skip the API's layers (the bare transfer moves money with no validation and no
/// idempotency replay), so they must exist only when asked for — and in Production only when asked for twice. The bare
/// transfer must send the statements a real one sends, or the benchmark's ratio compares different work.
/// </summary>
public sealed class BenchEndpointsTests
{
    private const string Ping = "/api/v1/bench/ping";
    private const string AuthenticatedPing = "/api/v1/bench/ping/authenticated";
    private const string BareTransfer = "/api/v1/bench/transfer";

    [Fact]
    public async Task ByDefault_TheBenchEndpointsDoNotExist()
    {
        await using var api = await OperationsApiFactory.StartAsync(_ => { });
        using var client = api.CreateHttpClient();

        await (await client.GetAsync(Ping)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync(AuthenticatedPing)).ShouldBeProblemAsync(404, "not_found");
        await (await client.PostJsonAsync(BareTransfer, new { })).ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task WhenEnabled_TheAuthenticatedPingWantsAValidToken()
    {
        await using var api = await OperationsApiFactory.StartAsync(s => s["Bench:Enabled"] = "true");
        using var client = api.CreateHttpClient();

        await (await client.GetAsync(AuthenticatedPing)).ShouldBeProblemAsync(401, "unauthorized");
        var user = await client.RegisterAndLoginAsync();
        var pong = await client.GetAsync(AuthenticatedPing, user.AccessToken);
        pong.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await pong.Content.ReadAsStringAsync()).ShouldContain("pong");
    }

    [Fact]
    public async Task InProduction_EnabledAloneIsRefused_AndAllowInProductionIsNeededToo()
    {
        await using (var refused = await OperationsApiFactory.StartAsync(s => s["Bench:Enabled"] = "true", "Production"))
        {
            using var client = refused.CreateHttpClient();
            await (await client.GetAsync(Ping)).ShouldBeProblemAsync(404, "not_found");
            refused.LogLines.ShouldContain(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("Bench:Enabled", StringComparison.Ordinal));
        }

        await using var allowed = await OperationsApiFactory.StartAsync(
            s =>
            {
                s["Bench:Enabled"] = "true";
                s["Bench:AllowInProduction"] = "true";
            },
            "Production");
        using var allowedClient = allowed.CreateHttpClient();
        (await allowedClient.GetAsync(Ping)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task WhenEnabled_ThePingAnswers_AndTheEndpointsStayOutOfTheOpenApiDocument()
    {
        await using var api = await OperationsApiFactory.StartAsync(s => s["Bench:Enabled"] = "true");
        using var client = api.CreateHttpClient();

        var ping = await client.GetAsync(Ping);
        ping.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await ping.Content.ReadAsStringAsync()).ShouldContain("pong");

        var document = await (await client.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        document.ShouldNotContain("/bench/", Case.Insensitive);
    }

    [Fact]
    public async Task TheBareTransfer_MovesTheMoney_AndWritesTheRowsARealTransferWrites()
    {
        await using var api = await OperationsApiFactory.StartAsync(s => s["Bench:Enabled"] = "true");
        using var client = api.CreateHttpClient();
        var user = await client.RegisterAndLoginAsync();
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, from, "10.00");

        var realKey = LedgerClient.NewKey();
        var bareKey = LedgerClient.NewKey();
        await (await client.TransferRequestAsync(user, from, to, "1.25", key: realKey)).ShouldBeAsync(201);
        await (await client.PostKeyedAsync(BareTransfer, new { fromAccountId = from, toAccountId = to, asset = "USD", amount = "0.75" }, user, bareKey))
            .ShouldBeAsync(201);

        (await client.AmountOfAsync(user, from)).ShouldBe("8.00");
        (await client.AmountOfAsync(user, to)).ShouldBe("2.00");
        var real = await RowsOfAsync(api.ConnectionString, realKey);
        var bare = await RowsOfAsync(api.ConnectionString, bareKey);
        bare.ShouldBe(real);
        real.ShouldContain("client_ip=set");
        real.ShouldContain("outcome=object");
    }

    [Fact]
    public async Task TheBareTransfer_WantsTheOwnersToken()
    {
        await using var api = await OperationsApiFactory.StartAsync(s => s["Bench:Enabled"] = "true");
        using var client = api.CreateHttpClient();
        var owner = await client.RegisterAndLoginAsync();
        var stranger = await client.RegisterAndLoginAsync();
        var from = await client.OpenAccountAsync(owner);
        var to = await client.OpenAccountAsync(owner);
        await client.CreditAsync(owner, from, "10.00");
        var body = new { fromAccountId = from, toAccountId = to, asset = "USD", amount = "1.00" };

        (await client.PostJsonAsync(BareTransfer, body)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        (await client.PostKeyedAsync(BareTransfer, body, stranger, LedgerClient.NewKey())).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await client.AmountOfAsync(owner, from)).ShouldBe("10.00");
    }

    /// <summary>
    /// What a transfer with this key wrote, without ids, times and amounts: which columns of its transaction, audit
    /// entry and key are set, and the shape of the stored outcome.
    /// </summary>
    private static async Task<string[]> RowsOfAsync(string connectionString, string key)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT t.type, t.status, t.description IS NULL, t.reversal_of IS NULL, t.trade_side IS NULL, t.unit_cost_asset IS NULL, t.version,
                   (SELECT count(*) FROM postings p WHERE p.transaction_id = t.id AND p.entry_seq IS NOT NULL),
                   a.action, a.entity_type, a.outcome, a.subject_user_id IS NULL, a.client_ip IS NOT NULL, a.trace_id IS NOT NULL,
                   (SELECT string_agg(k, ',' ORDER BY k) FROM jsonb_object_keys(a.after) AS k),
                   jsonb_typeof(i.outcome->'value'),
                   (SELECT string_agg(k, ',' ORDER BY k) FROM jsonb_object_keys(i.outcome->'value') AS k),
                   length(i.request_hash)
            FROM idempotency_keys i
            JOIN transactions t ON t.id = (i.outcome->'value'->>'id')::uuid
            JOIN audit_log a ON a.entity_id = t.id::text
            WHERE i.key = $1
            """,
            connection);
        command.Parameters.AddWithValue(key);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue($"no transfer stored under {key}");
        return
        [
            $"type={reader.GetString(0)}", $"status={reader.GetString(1)}", $"no description={reader.GetBoolean(2)}",
            $"no reversal={reader.GetBoolean(3)}", $"no trade={reader.GetBoolean(4)}", $"no unit cost={reader.GetBoolean(5)}",
            $"version={reader.GetInt32(6)}", $"applied postings={reader.GetInt64(7)}", $"action={reader.GetString(8)}",
            $"entity={reader.GetString(9)}", $"audit={reader.GetString(10)}", $"no subject={reader.GetBoolean(11)}",
            reader.GetBoolean(12) ? "client_ip=set" : "client_ip=null", $"trace id={reader.GetBoolean(13)}",
            $"audited fields={reader.GetString(14)}", $"outcome={reader.GetString(15)}", $"outcome fields={reader.GetString(16)}",
            $"request hash length={reader.GetInt32(17)}",
        ];
    }
}
