# syntax=docker/dockerfile:1
# PortfolioTracker API: build with the .NET SDK, run on the small ASP.NET runtime image as a non-root user.
# No secret goes into the image: the signing key, passwords and connection string come from the environment at run
# time (docker-compose.yml). tests/Api.IntegrationTests/Deployment/DockerfileTests.cs checks this file.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
WORKDIR /src
# Restore first, from the project files only, so the layer is reused until a dependency changes. The NuGet cache
# is a BuildKit cache mount: packages are downloaded once per machine, not once per dependency change.
COPY global.json nuget.config Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Domain/PortfolioTracker.Domain.csproj src/Domain/
COPY src/Application/PortfolioTracker.Application.csproj src/Application/
COPY src/Infrastructure/PortfolioTracker.Infrastructure.csproj src/Infrastructure/
COPY src/Api/PortfolioTracker.Api.csproj src/Api/
# ReadyToRun: the application is precompiled for the target platform (BuildKit's TARGETARCH: amd64 or arm64), so it
# starts and warms up without waiting for the JIT (docs/performance.md). The restore fetches that platform's
# runtime pack and compiler.
ARG TARGETARCH
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet restore src/Api/PortfolioTracker.Api.csproj -r "linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)" \
      -p:PublishReadyToRun=true
COPY src/ src/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/Api/PortfolioTracker.Api.csproj -c Release --no-restore \
      -r "linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)" --self-contained false -p:PublishReadyToRun=true \
      -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
LABEL org.opencontainers.image.title="PortfolioTracker API" \
      org.opencontainers.image.description="Portfolio tracking and double-entry ledger REST API"
WORKDIR /app
COPY --from=build /app ./
# ASPNETCORE_HTTP_PORTS (8080 in the base image) is cleared: with ASPNETCORE_URLS also set, Kestrel would warn at
# every start that one overrides the other.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_gcServer=1
EXPOSE 8080
# The image's built-in unprivileged user.
USER $APP_UID
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["dotnet", "PortfolioTracker.Api.dll", "healthcheck"]
# SIGTERM (docker stop) starts a graceful shutdown bounded by Shutdown__TimeoutSeconds (default 30 s); give the
# container a longer grace period (docker-compose.yml: stop_grace_period 40s). Exec form: dotnet is PID 1 and gets
# the signal itself.
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "PortfolioTracker.Api.dll"]
