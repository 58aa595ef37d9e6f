package com.example.orders;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may see Operon's dashboard and API at /operon: the application's signed-in users, each with
 * the Operon role its own roles map to (OPERON_ADMIN, OPERON_OPERATOR, OPERON_VIEWER by default);
 * Operon checks the role each route needs. A browser session's changes carry the CSRF token (the
 * dashboard sends the XSRF-TOKEN cookie back as a header). The service's own JSON API stays open,
 * as it was. The users are in memory here; a real service has its own.
 */
@Configuration
public class SecurityConfig {

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(requests -> requests
            .requestMatchers("/operon/**").authenticated()
            .anyRequest().permitAll())
        .httpBasic(Customizer.withDefaults())
        .csrf(csrf -> csrf.spa().ignoringRequestMatchers("/orders/**", "/stock/**"));
    return http.build();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("ada").password("{noop}ada-secret").roles("OPERON_ADMIN").build(),
        User.withUsername("vic").password("{noop}vic-secret").roles("OPERON_VIEWER").build(),
        User.withUsername("clerk").password("{noop}clerk-secret").roles("CLERK").build());
  }
}
