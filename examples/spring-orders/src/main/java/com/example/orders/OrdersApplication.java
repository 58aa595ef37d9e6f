package com.example.orders;

import dev.operon.commands.ComputedValues;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An order service on Operon: an order is a saga (reserve the stock, charge the card, ship; a
 * declined card releases the stock), started from a REST controller; the stock changes by a
 * command, inside {@code @Transactional} service methods, so each change, its operation and its
 * outbox event commit or roll back together; the stock query's result is kept until a command
 * changes that stock.
 */
@SpringBootApplication
public class OrdersApplication {

  public static void main(String[] args) {
    SpringApplication.run(OrdersApplication.class, args);
  }

  /** The kept results of the queries; a stock command invalidates the stock it changed. */
  @Bean
  ComputedValues keptQueries() {
    return ComputedValues.create(10_000);
  }

  /**
   * The stock query, through the kept results: computed once per sku until a command changes it.
   * Primary: the reader underneath is a StockQueries too.
   */
  @Bean
  @Primary
  StockQueries stockQueries(ComputedValues keptQueries, StockReader reader) {
    return keptQueries.proxy(StockQueries.class, reader);
  }

  @Bean
  StockReader stockReader(JdbcTemplate jdbc, StockTables tables) {
    return new StockReader(jdbc);
  }
}
