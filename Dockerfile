# syntax=docker/dockerfile:1
# PortfolioTracker API: build with the .NET SDK, run on the small ASP.NET runtime image as a non-root user.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the layer is reused until a dependency changes.
COPY global.json nuget.config Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Domain/PortfolioTracker.Domain.csproj src/Domain/
COPY src/Application/PortfolioTracker.Application.csproj src/Application/
COPY src/Infrastructure/PortfolioTracker.Infrastructure.csproj src/Infrastructure/
COPY src/Api/PortfolioTracker.Api.csproj src/Api/
RUN dotnet restore src/Api/PortfolioTracker.Api.csproj
COPY src/ src/
RUN dotnet publish src/Api/PortfolioTracker.Api.csproj -c Release --no-restore -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_gcServer=1
EXPOSE 8080
# The image's built-in unprivileged user.
USER $APP_UID
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["dotnet", "PortfolioTracker.Api.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "PortfolioTracker.Api.dll"]
